import type { Day2Rule } from '../rule';
import { claimImmutableFields } from './claim-immutable-fields';
import { claimsKept } from './claims-kept';
import { jobImmutableFields } from './job-immutable-fields';
import { namespaceKept } from './namespace-kept';
import { persistentMountKept } from './persistent-mount-kept';
import { serviceClusterIp } from './service-cluster-ip';
import { serviceIpFamilies } from './service-ip-families';
import { serviceKeepsLoadBalancer } from './service-keeps-load-balancer';
import { singleWriterVolumes } from './single-writer-volumes';
import { statefulSetClaimTemplates } from './statefulset-claim-templates';
import { statefulSetImmutableFields } from './statefulset-immutable-fields';
import { workloadKindKept } from './workload-kind-kept';
import { workloadSelector } from './workload-selector';

/** Every day-2 rule. Adding a rule is adding its file, its test and one line here. */
export const DAY2_RULES: readonly Day2Rule[] = [
  // What the API server refuses: the sync would stop half-way.
  statefulSetClaimTemplates,
  statefulSetImmutableFields,
  workloadSelector,
  jobImmutableFields,
  claimImmutableFields,
  serviceClusterIp,
  serviceIpFamilies,
  // What the API server accepts and loses: data, or the public address.
  namespaceKept,
  serviceKeepsLoadBalancer,
  claimsKept,
  persistentMountKept,
  workloadKindKept,
  singleWriterVolumes,
];

import { coveredByNetworkPolicy } from './covered-by-network-policy';
import { dedicatedServiceAccount } from './dedicated-service-account';
import { dropAllCapabilities } from './drop-all-capabilities';
import { noHostAccess } from './no-host-access';
import { noPrivilegeEscalation } from './no-privilege-escalation';
import { pinnedImage } from './pinned-image';
import type { Manifest, Policy, PolicyException, Violation } from './policy';
import { probesSet } from './probes-set';
import { readOnlyRootFilesystem } from './read-only-root-filesystem';
import { replicatedHasPdb } from './replicated-has-pdb';
import { replicatedSpread } from './replicated-spread';
import { resourcesSet } from './resources-set';
import { rollingUpdateKeepsCapacity } from './rolling-update-keeps-capacity';
import { runAsNonRoot } from './run-as-non-root';
import { seccompRuntimeDefault } from './seccomp-runtime-default';

export type { Manifest, Policy, PolicyContext, PolicyException, Violation } from './policy';

/** Every policy the rendered manifests must meet. Adding a rule is adding its file and one line here. */
export const POLICIES: readonly Policy[] = [
  // Pod Security Standards, restricted profile (and the baseline it includes).
  runAsNonRoot,
  noPrivilegeEscalation,
  dropAllCapabilities,
  seccompRuntimeDefault,
  noHostAccess,
  // Hardening beyond the standard.
  readOnlyRootFilesystem,
  resourcesSet,
  pinnedImage,
  dedicatedServiceAccount,
  // Availability.
  probesSet,
  replicatedHasPdb,
  rollingUpdateKeepsCapacity,
  replicatedSpread,
  // Network isolation.
  coveredByNetworkPolicy,
];

/** The label exceptions name a service by. */
const SERVICE_LABEL = 'app.kubernetes.io/name';

function exempts(exception: PolicyException, rule: string, environment: string, manifest: Manifest): boolean {
  return (
    exception.rule === rule &&
    (exception.environment === undefined || exception.environment === environment) &&
    (exception.service === undefined || exception.service === manifest.metadata.labels?.[SERVICE_LABEL])
  );
}

/** Checks every object of one environment against every policy, leaving out what an exception covers. */
export function runPolicies(environment: string, manifests: readonly Manifest[], exceptions: readonly PolicyException[]): Violation[] {
  const context = { environment, manifests };
  return manifests.flatMap((manifest) =>
    POLICIES.filter((policy) => !exceptions.some((exception) => exempts(exception, policy.name, environment, manifest))).flatMap((policy) =>
      policy.check(manifest, context).map((message) => ({
        environment,
        object: `${manifest.kind}/${manifest.metadata.name}`,
        rule: policy.name,
        message,
      })),
    ),
  );
}

/** One line naming where the violation is and which rule it breaks: `prod: Deployment/backend: run-as-non-root: …`. */
export function formatViolation(violation: Violation): string {
  return `${violation.environment}: ${violation.object}: ${violation.rule}: ${violation.message}`;
}

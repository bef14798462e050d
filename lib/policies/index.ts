import { baselineKernelOptions } from './baseline-kernel-options';
import { coveredByNetworkPolicy } from './covered-by-network-policy';
import { dedicatedServiceAccount } from './dedicated-service-account';
import { distinctLivenessReadiness } from './distinct-liveness-readiness';
import { dropAllCapabilities } from './drop-all-capabilities';
import { explicitlyUnprivileged } from './explicitly-unprivileged';
import { highUserGroupId } from './high-user-group-id';
import { noHostAccess } from './no-host-access';
import { noPrivilegeEscalation } from './no-privilege-escalation';
import { noSensitiveConfig } from './no-sensitive-config';
import { noSensitiveEnvValue } from './no-sensitive-env-value';
import { pdbAllowsDisruption } from './pdb-allows-disruption';
import { pinnedImage } from './pinned-image';
import type { Manifest, Policy, PolicyException, Violation } from './policy';
import { priorityClassSet } from './priority-class-set';
import { probePortsExposed } from './probe-ports-exposed';
import { probesSet } from './probes-set';
import { pullPolicyAlways } from './pull-policy-always';
import { readOnlyRootFilesystem } from './read-only-root-filesystem';
import { replicatedDeployment } from './replicated-deployment';
import { replicatedHasPdb } from './replicated-has-pdb';
import { replicatedSpread } from './replicated-spread';
import { resourcesSet } from './resources-set';
import { restrictedVolumeTypes } from './restricted-volume-types';
import { rollingUpdateKeepsCapacity } from './rolling-update-keeps-capacity';
import { runAsNonRoot } from './run-as-non-root';
import { seccompRuntimeDefault } from './seccomp-runtime-default';
import { serviceSelectsPods } from './service-selects-pods';
import { topologySpreadSet } from './topology-spread-set';

export type { Manifest, Policy, PolicyContext, PolicyException, Severity, Tool, ToolCheck, Violation } from './policy';

/** Every policy the rendered manifests must meet. Adding a rule is adding its file and one line here. */
export const POLICIES: readonly Policy[] = [
  // Pod Security Standards, restricted profile (and the baseline it includes).
  runAsNonRoot,
  noPrivilegeEscalation,
  dropAllCapabilities,
  seccompRuntimeDefault,
  noHostAccess,
  restrictedVolumeTypes,
  baselineKernelOptions,
  // Hardening beyond the standard.
  readOnlyRootFilesystem,
  resourcesSet,
  pinnedImage,
  dedicatedServiceAccount,
  explicitlyUnprivileged,
  highUserGroupId,
  pullPolicyAlways,
  noSensitiveConfig,
  noSensitiveEnvValue,
  // Availability.
  probesSet,
  distinctLivenessReadiness,
  probePortsExposed,
  replicatedHasPdb,
  pdbAllowsDisruption,
  rollingUpdateKeepsCapacity,
  replicatedSpread,
  topologySpreadSet,
  replicatedDeployment,
  priorityClassSet,
  serviceSelectsPods,
  // Network isolation.
  coveredByNetworkPolicy,
];

/** The label exceptions name a service by. */
const SERVICE_LABEL = 'app.kubernetes.io/name';

/** Whether `exception` covers `rule` for this object of this environment; an absent scope matches all. */
export function exempts(exception: PolicyException, rule: string, environment: string, manifest: Manifest): boolean {
  const service = manifest.metadata.labels?.[SERVICE_LABEL];
  return (
    exception.rule === rule &&
    (exception.environments === undefined || exception.environments.includes(environment)) &&
    (exception.services === undefined || (service !== undefined && exception.services.includes(service))) &&
    (exception.objects === undefined || exception.objects.includes(`${manifest.kind}/${manifest.metadata.name}`))
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
        severity: policy.severity,
        message,
      })),
    ),
  );
}

/** One line naming where the violation is and which rule it breaks: `prod: Deployment/backend: run-as-non-root: …`. */
export function formatViolation(violation: Violation): string {
  return `${violation.environment}: ${violation.object}: ${violation.rule}: ${violation.message}`;
}

import { autoscalerHasTarget } from './autoscaler-has-target';
import { autoscalerMinReplicas } from './autoscaler-min-replicas';
import { baselineKernelOptions } from './baseline-kernel-options';
import { coveredByNetworkPolicy } from './covered-by-network-policy';
import { cronjobHasDeadline } from './cronjob-has-deadline';
import { cronjobRestartPolicy } from './cronjob-restart-policy';
import { declaredReplicas } from './declared-replicas';
import { dedicatedServiceAccount } from './dedicated-service-account';
import { deploymentHasPdb } from './deployment-has-pdb';
import { distinctLivenessReadiness } from './distinct-liveness-readiness';
import { dropAllCapabilities } from './drop-all-capabilities';
import { explicitlyUnprivileged } from './explicitly-unprivileged';
import { highUserGroupId } from './high-user-group-id';
import { ingressHasTls } from './ingress-has-tls';
import { ingressTargetsService } from './ingress-targets-service';
import { instanceLabelMatchesName } from './instance-label-matches-name';
import { networkPolicySelectsPods } from './network-policy-selects-pods';
import { noHostAccess } from './no-host-access';
import { noNodePort } from './no-node-port';
import { noPrivilegeEscalation } from './no-privilege-escalation';
import { noSensitiveConfig } from './no-sensitive-config';
import { noSensitiveEnvValue } from './no-sensitive-env-value';
import { noSshPort } from './no-ssh-port';
import { pdbAllowsDisruption } from './pdb-allows-disruption';
import { pinnedImage } from './pinned-image';
import { exempts } from './exceptions';
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
import { selectorMatchesTemplate } from './selector-matches-template';
import { servedDeploymentRolls } from './served-deployment-rolls';
import { serviceSelectsPods } from './service-selects-pods';
import { stableApiVersion } from './stable-api-version';
import { statefulsetGoverningService } from './statefulset-governing-service';
import { topologySpreadSet } from './topology-spread-set';
import { uniqueEnvNames } from './unique-env-names';
import { validLabelValues } from './valid-label-values';
import { validTopologySpread } from './valid-topology-spread';
import { validPortNames } from './valid-port-names';

export type { Manifest, Policy, PolicyContext, PolicyException, Severity, Tool, ToolCheck, Violation } from './policy';
export { exempts } from './exceptions';

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
  deploymentHasPdb,
  pdbAllowsDisruption,
  rollingUpdateKeepsCapacity,
  replicatedSpread,
  topologySpreadSet,
  validTopologySpread,
  replicatedDeployment,
  declaredReplicas,
  autoscalerMinReplicas,
  servedDeploymentRolls,
  priorityClassSet,
  serviceSelectsPods,
  ingressTargetsService,
  statefulsetGoverningService,
  autoscalerHasTarget,
  cronjobHasDeadline,
  cronjobRestartPolicy,
  // Manifest hygiene: what the API server or the controllers would refuse or misread.
  selectorMatchesTemplate,
  instanceLabelMatchesName,
  uniqueEnvNames,
  validPortNames,
  validLabelValues,
  stableApiVersion,
  // Network isolation.
  noSshPort,
  noNodePort,
  coveredByNetworkPolicy,
  networkPolicySelectsPods,
  ingressHasTls,
];

/** How `runPolicies` reads the environment. */
export interface RunPoliciesOptions {
  /**
   * The environment serves the public (its `production: true`). Outside production the rules marked
   * `onlyInProduction` are not checked. @default true: every rule, as the linters check every environment
   */
  readonly production?: boolean;
}

/** Checks every object of one environment against every policy, leaving out what an exception covers. */
export function runPolicies(environment: string, manifests: readonly Manifest[], exceptions: readonly PolicyException[], options: RunPoliciesOptions = {}): Violation[] {
  const production = options.production ?? true;
  const context = { environment, manifests, production };
  const policies = POLICIES.filter((policy) => production || !policy.onlyInProduction);
  return manifests.flatMap((manifest) =>
    policies.filter((policy) => !exceptions.some((exception) => exempts(exception, policy.name, environment, manifest))).flatMap((policy) =>
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

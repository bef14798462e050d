import { formatViolation, POLICIES, runPolicies, type Severity, type Tool, type ToolCheck } from '../../lib/policies';
import { compliantEnvironment, mainContainer, podSpec } from './fixtures';

/**
 * Which published checks the suite follows. The lists are the tools' own defaults as they publish them:
 * Polaris' pkg/config/default.yaml (every check it grades danger or warning), kube-score's checks that
 * run without --enable-optional-test (README_CHECKS.md and the checks added since), kube-linter's checks
 * "Enabled by default" (docs/generated/checks.md), and the controls of the Pod Security Standards'
 * restricted profile (with the baseline it includes), at v1.34. Each is followed by a rule, or listed
 * below with the reason it is not, so a rule removed or a check forgotten fails here.
 */
const PUBLISHED_DEFAULTS: Record<Tool, readonly string[]> = {
  polaris: [
    'deploymentMissingReplicas', 'priorityClassNotSet', 'tagNotSpecified', 'pullPolicyNotAlways', 'readinessProbeMissing', 'livenessProbeMissing',
    'metadataAndInstanceMismatched', 'pdbDisruptionsIsZero', 'missingPodDisruptionBudget', 'topologySpreadConstraint', 'hpaMaxAvailability',
    'hpaMinAvailability', 'pdbMinAvailableGreaterThanOrEqualToHPAMinReplicas', 'cpuRequestsMissing', 'cpuLimitsMissing', 'memoryRequestsMissing',
    'memoryLimitsMissing', 'automountServiceAccountToken', 'hostIPCSet', 'hostPathSet', 'hostProcess', 'hostPIDSet', 'linuxHardening',
    'missingNetworkPolicy', 'notReadOnlyRootFilesystem', 'privilegeEscalationAllowed', 'procMount', 'runAsRootAllowed', 'runAsPrivileged',
    'dangerousCapabilities', 'insecureCapabilities', 'hostNetworkSet', 'hostPortSet', 'tlsSettingsMissing', 'sensitiveContainerEnvVar',
    'sensitiveConfigmapContent', 'clusterrolePodExecAttach', 'rolePodExecAttach', 'clusterrolebindingPodExecAttach',
    'rolebindingClusterRolePodExecAttach', 'rolebindingRolePodExecAttach', 'clusterrolebindingClusterAdmin', 'rolebindingClusterAdminClusterRole',
    'rolebindingClusterAdminRole',
  ],
  'kube-score': [
    'ingress-targets-service', 'cronjob-has-deadline', 'container-resources', 'container-image-tag', 'container-image-pull-policy',
    'statefulset-has-poddisruptionbudget', 'deployment-has-poddisruptionbudget', 'pod-networkpolicy', 'networkpolicy-targets-pod', 'pod-probes',
    'pod-probes-identical', 'container-security-context-user-group-id', 'container-security-context-privileged',
    'container-security-context-readonlyrootfilesystem', 'service-targets-pod', 'service-type', 'stable-version', 'deployment-has-host-podantiaffinity',
    'statefulset-has-host-podantiaffinity', 'label-values', 'horizontalpodautoscaler-has-target', 'container-ephemeral-storage-request-and-limit',
    'container-ports-check', 'environment-variable-key-duplication', 'deployment-targeted-by-hpa-does-not-have-replicas-configured',
    'statefulset-has-servicename', 'poddisruptionbudget-has-policy', 'pod-topology-spread-constraints', 'cronjob-restartpolicy', 'deployment-strategy',
    'deployment-replicas', 'horizontalpodautoscaler-replicas',
  ],
  'kube-linter': [
    'dangling-service', 'deprecated-service-account-field', 'docker-sock', 'drop-net-raw-capability', 'duplicate-env-var', 'env-var-secret', 'host-ipc',
    'host-network', 'host-pid', 'invalid-target-ports', 'latest-tag', 'liveness-port', 'mismatching-selector', 'no-anti-affinity', 'no-extensions-v1beta',
    'no-read-only-root-fs', 'non-existent-service-account', 'pdb-max-unavailable', 'pdb-min-available', 'pdb-unhealthy-pod-eviction-policy',
    'privilege-escalation-container', 'privileged-container', 'readiness-port', 'run-as-non-root', 'sensitive-host-mounts', 'ssh-port', 'startup-port',
    'unsafe-sysctls', 'unset-cpu-requirements', 'unset-memory-requirements',
  ],
  pss: [
    'HostProcess', 'Host Namespaces', 'Privileged Containers', 'Capabilities', 'HostPath Volumes', 'Host Ports', 'Host Probes / Lifecycle Hooks', 'AppArmor', 'SELinux', '/proc Mount Type',
    'Seccomp', 'Sysctls', 'Volume Types', 'Privilege Escalation', 'Running as Non-root', 'Running as Non-root user',
  ],
};

/** Published default checks the suite does not follow, each with the reason (also in lib/policies/README.md). */
const NOT_FOLLOWED: Record<string, string> = {
  ...Object.fromEntries(
    [
      'clusterrolePodExecAttach', 'rolePodExecAttach', 'clusterrolebindingPodExecAttach', 'rolebindingClusterRolePodExecAttach', 'rolebindingRolePodExecAttach',
      'clusterrolebindingClusterAdmin', 'rolebindingClusterAdminClusterRole', 'rolebindingClusterAdminRole',
    ].map((check) => [`polaris: ${check}`, 'an RBAC check; no Role or binding is rendered (no pod talks to the API)']),
  ),
};

describe("the linters' published default checks", () => {
  const followed = new Set(POLICIES.flatMap((policy) => policy.follows.map((check) => `${check.tool}: ${check.check}`)));

  test.each(Object.keys(PUBLISHED_DEFAULTS) as Tool[])('each default check of %s is followed by a rule, or not followed for a stated reason', (tool) => {
    const unaccounted = PUBLISHED_DEFAULTS[tool].map((check) => `${tool}: ${check}`).filter((check) => !followed.has(check) && !NOT_FOLLOWED[check]);
    expect(unaccounted).toEqual([]);
  });

  test('no check is both followed and said not to be', () => {
    expect(Object.keys(NOT_FOLLOWED).filter((check) => followed.has(check))).toEqual([]);
  });
});

/**
 * How each tool grades a failed check with its default settings: Polaris' pkg/config/default.yaml (these
 * are its danger checks, the rest warnings); kube-score grades a failure critical except for these checks,
 * which it grades warning (and a check it runs only with --enable-optional-test fails no default run);
 * every default check of kube-linter fails its run, a non-default one is not run; Pod Security admission
 * refuses the pod.
 */
const POLARIS_DANGER = new Set([
  'tagNotSpecified', 'hostIPCSet', 'hostPIDSet', 'privilegeEscalationAllowed', 'runAsRootAllowed', 'runAsPrivileged', 'dangerousCapabilities',
  'hostNetworkSet', 'sensitiveContainerEnvVar', 'sensitiveConfigmapContent', 'clusterrolePodExecAttach', 'rolePodExecAttach',
  'clusterrolebindingPodExecAttach', 'rolebindingClusterRolePodExecAttach', 'rolebindingRolePodExecAttach', 'clusterrolebindingClusterAdmin',
  'rolebindingClusterAdminClusterRole', 'rolebindingClusterAdminRole',
]);
const KUBE_SCORE_WARNING = new Set(['service-type', 'stable-version', 'deployment-strategy', 'deployment-replicas', 'horizontalpodautoscaler-replicas']);

function toolGrade({ tool, check }: ToolCheck): Severity {
  if (tool === 'pss') return 'danger';
  if (tool === 'polaris') return POLARIS_DANGER.has(check) ? 'danger' : 'warning';
  if (tool === 'kube-linter') return PUBLISHED_DEFAULTS['kube-linter'].includes(check) ? 'danger' : 'warning';
  return PUBLISHED_DEFAULTS['kube-score'].includes(check) && !KUBE_SCORE_WARNING.has(check) ? 'danger' : 'warning';
}

describe('severity', () => {
  test.each(POLICIES.map((policy) => [policy.name, policy] as const))('%s is graded as the worst grade of the tool checks it follows', (_name, policy) => {
    const worst = policy.follows.some((check) => toolGrade(check) === 'danger') ? 'danger' : 'warning';
    expect({ severity: policy.severity, follows: policy.follows }).toEqual({ severity: worst, follows: policy.follows });
  });

  test("the suite's verdict lists a finding the tools refuse as danger and a recommendation as warning", () => {
    const manifests = compliantEnvironment();
    const [deployment] = manifests;
    delete podSpec(deployment).priorityClassName; // Polaris priorityClassNotSet: a warning
    mainContainer(deployment).securityContext.allowPrivilegeEscalation = true; // Polaris danger, kube-linter error, admission refuses
    const verdict = runPolicies('prod', manifests, []).map((violation) => [violation.rule, violation.severity]);
    expect(verdict).toEqual([
      ['no-privilege-escalation', 'danger'],
      ['priority-class-set', 'warning'],
    ]);
    expect(runPolicies('prod', manifests, []).map(formatViolation)).toHaveLength(2);
  });
});

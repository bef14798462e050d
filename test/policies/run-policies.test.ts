import * as fs from 'fs';
import * as path from 'path';
import { formatViolation, POLICIES, runPolicies, type PolicyException, type Violation } from '../../lib/policies';
import { policyNamed } from '../../lib/policies/exceptions';
import { compliantEnvironment, mainContainer } from './fixtures';

const ROOT_MESSAGE = 'container "backend" may run as root: set runAsNonRoot: true on the pod or the container';

/** The compliant environment with the Deployment's main container allowed to run as root. */
function environmentWithRootContainer() {
  const manifests = compliantEnvironment();
  mainContainer(manifests[0]).securityContext.runAsNonRoot = false;
  return manifests;
}

describe('runPolicies', () => {
  test('finds nothing in the compliant fixtures, which every policy accepts', () => {
    expect(runPolicies('prod', compliantEnvironment(), [])).toEqual([]);
  });

  test('reports a violation with its environment, object, rule and message', () => {
    expect(runPolicies('prod', environmentWithRootContainer(), [])).toEqual<Violation[]>([
      { environment: 'prod', object: 'Deployment/backend', rule: 'run-as-non-root', severity: 'danger', message: ROOT_MESSAGE },
    ]);
  });

  test('reports what each broken object breaks, under every rule it breaks', () => {
    const manifests = environmentWithRootContainer().filter((manifest) => manifest.kind !== 'PodDisruptionBudget');
    delete mainContainer(manifests[0]).securityContext.readOnlyRootFilesystem;
    expect(runPolicies('prod', manifests, []).map((violation) => violation.rule)).toEqual([
      'run-as-non-root',
      'read-only-root-filesystem',
      'replicated-has-pdb',
      'deployment-has-pdb',
    ]);
  });

  test('an exception matching rule, service and environment suppresses the violation', () => {
    const exception: PolicyException = { rule: 'run-as-non-root', services: ['backend'], environments: ['prod'], reason: 'image runs as root' };
    expect(runPolicies('prod', environmentWithRootContainer(), [exception])).toEqual([]);
  });

  test('an exception without environment or service suppresses the rule everywhere', () => {
    const exception: PolicyException = { rule: 'run-as-non-root', reason: 'image runs as root' };
    expect(runPolicies('dev', environmentWithRootContainer(), [exception])).toEqual([]);
  });

  test.each<[string, PolicyException]>([
    ['another rule', { rule: 'read-only-root-filesystem', services: ['backend'], environments: ['prod'], reason: 'writes to /tmp' }],
    ['another service', { rule: 'run-as-non-root', services: ['frontend'], environments: ['prod'], reason: 'image runs as root' }],
    ['another environment', { rule: 'run-as-non-root', services: ['backend'], environments: ['dev'], reason: 'image runs as root' }],
  ])('an exception for %s does not suppress the violation', (_case, exception) => {
    expect(runPolicies('prod', environmentWithRootContainer(), [exception]).map(formatViolation)).toEqual([
      `prod: Deployment/backend: run-as-non-root: ${ROOT_MESSAGE}`,
    ]);
  });

  test('an exception naming the object by kind and name suppresses only that object', () => {
    const manifests = environmentWithRootContainer();
    const named: PolicyException = { rule: 'run-as-non-root', objects: ['Deployment/backend'], reason: 'image runs as root' };
    const other: PolicyException = { rule: 'run-as-non-root', objects: ['Deployment/frontend'], reason: 'image runs as root' };
    expect(runPolicies('prod', manifests, [named])).toEqual([]);
    expect(runPolicies('prod', manifests, [other]).map((violation) => violation.rule)).toEqual(['run-as-non-root']);
  });

  test('an exception listing several environments covers each of them and no other', () => {
    const exception: PolicyException = { rule: 'run-as-non-root', environments: ['dev', 'staging'], reason: 'image runs as root' };
    expect(runPolicies('staging', environmentWithRootContainer(), [exception])).toEqual([]);
    expect(runPolicies('prod', environmentWithRootContainer(), [exception]).map((violation) => violation.rule)).toEqual(['run-as-non-root']);
  });

  test('an exception naming a service does not suppress the violation of an object without the service label', () => {
    const manifests = environmentWithRootContainer();
    delete manifests[0].metadata.labels;
    const exception: PolicyException = { rule: 'run-as-non-root', services: ['backend'], reason: 'image runs as root' };
    expect(runPolicies('prod', manifests, [exception]).map((violation) => violation.rule)).toContain('run-as-non-root');
  });
});

describe('rules only production must meet', () => {
  /** The compliant environment run as one pod: no second replica, no budget, no priority class. */
  function singlePodEnvironment() {
    const manifests = compliantEnvironment().filter((manifest) => manifest.kind !== 'PodDisruptionBudget');
    manifests[0].spec.replicas = 1;
    delete manifests[0].spec.template.spec.priorityClassName;
    return manifests;
  }
  const productionOnly = ['deployment-has-pdb', 'replicated-deployment', 'declared-replicas', 'priority-class-set'];

  test('are exactly the four a one-replica test environment cannot meet', () => {
    expect(POLICIES.filter((policy) => policy.onlyInProduction).map((policy) => policy.name).sort()).toEqual([...productionOnly].sort());
  });

  test('are checked with production: true, the default (the linters check every environment so)', () => {
    const rules = (options?: { production: boolean }) => [...new Set(runPolicies('dev', singlePodEnvironment(), [], options).map((violation) => violation.rule))].sort();
    expect(rules()).toEqual([...productionOnly].sort());
    expect(rules({ production: true })).toEqual([...productionOnly].sort());
  });

  test('are not checked outside production; every other rule still is', () => {
    expect(runPolicies('dev', singlePodEnvironment(), [], { production: false })).toEqual([]);
    const rootSinglePod = singlePodEnvironment();
    mainContainer(rootSinglePod[0]).securityContext.runAsNonRoot = false;
    expect(runPolicies('dev', rootSinglePod, [], { production: false }).map((violation) => violation.rule)).toEqual(['run-as-non-root']);
  });
});

describe('formatViolation', () => {
  test('names the environment, the object and the rule before the message', () => {
    const violation: Violation = {
      environment: 'prod',
      object: 'Deployment/backend-blue',
      rule: 'run-as-non-root',
      severity: 'danger',
      message: 'container "backend" may run as root',
    };
    expect(formatViolation(violation)).toBe('prod: Deployment/backend-blue: run-as-non-root: container "backend" may run as root');
  });
});

describe('POLICIES', () => {
  const names = POLICIES.map((policy) => policy.name);

  test('holds the rules under their stable names, grouped as the README lists them', () => {
    expect(names).toEqual([
      'run-as-non-root',
      'no-privilege-escalation',
      'drop-all-capabilities',
      'seccomp-runtime-default',
      'no-host-access',
      'restricted-volume-types',
      'baseline-kernel-options',
      'read-only-root-filesystem',
      'resources-set',
      'pinned-image',
      'dedicated-service-account',
      'explicitly-unprivileged',
      'high-user-group-id',
      'pull-policy-always',
      'no-sensitive-config',
      'no-sensitive-env-value',
      'probes-set',
      'distinct-liveness-readiness',
      'probe-ports-exposed',
      'replicated-has-pdb',
      'deployment-has-pdb',
      'pdb-allows-disruption',
      'rolling-update-keeps-capacity',
      'replicated-spread',
      'topology-spread-set',
      'valid-topology-spread',
      'replicated-deployment',
      'declared-replicas',
      'autoscaler-min-replicas',
      'served-deployment-rolls',
      'priority-class-set',
      'service-selects-pods',
      'ingress-targets-service',
      'statefulset-governing-service',
      'autoscaler-has-target',
      'cronjob-has-deadline',
      'cronjob-restart-policy',
      'selector-matches-template',
      'instance-label-matches-name',
      'unique-env-names',
      'valid-port-names',
      'valid-label-values',
      'stable-api-version',
      'no-ssh-port',
      'no-node-port',
      'covered-by-network-policy',
      'network-policy-selects-pods',
      'ingress-has-tls',
    ]);
  });

  test('each policy names its severity and at least one published check it follows, of a known tool', () => {
    for (const policy of POLICIES) {
      expect({ policy: policy.name, severity: ['danger', 'warning'].includes(policy.severity), follows: policy.follows.length > 0 }).toEqual({
        policy: policy.name,
        severity: true,
        follows: true,
      });
      for (const follow of policy.follows) expect(['polaris', 'kube-score', 'kube-linter', 'pss']).toContain(follow.tool);
    }
  });

  test('each rule loads on its own by its name, as the synth loads the rules its exceptions name', () => {
    for (const policy of POLICIES) expect(policyNamed(policy.name)).toBe(policy);
    for (const name of ['policy', 'index', 'exceptions', 'tool-exemptions', 'sensitive-names', '../loader/settings', 'no-such-rule']) expect(policyNamed(name)).toBeUndefined();
  });

  test('each published check is followed by one rule only, so an exception names the rule that owns it', () => {
    const checks = POLICIES.flatMap((policy) => policy.follows.map((follow) => `${follow.tool}: ${follow.check}`));
    expect(checks.filter((check, index) => checks.indexOf(check) !== index)).toEqual([]);
  });

  test('names are unique and kebab-case', () => {
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^[a-z]+(-[a-z]+)*$/);
  });

  test('each policy has a description that is a sentence', () => {
    for (const policy of POLICIES) expect(policy.description).toMatch(/^[A-Z].{20,}\.$/);
  });

  test('each policy lives in a file named after it, with a test of the same name', () => {
    const root = path.resolve(__dirname, '..', '..');
    for (const name of names) {
      expect(fs.existsSync(path.join(root, 'lib', 'policies', `${name}.ts`))).toBe(true);
      expect(fs.existsSync(path.join(root, 'test', 'policies', `${name}.test.ts`))).toBe(true);
    }
  });
});

import {
  checkContainers,
  containersOf,
  describeReplication,
  LONG_RUNNING_KINDS,
  POD_KINDS,
  REPLICATED_KINDS,
  podLabelsOf,
  podSpecOf,
  replicationOf,
  sameNamespace,
  selects,
} from '../../lib/policies/policy';
import {
  autoscaler,
  compliantDeployment,
  compliantPodSpec,
  compliantServiceAccount,
  compliantStatefulSet,
  compliantWorkloadsOfEveryKind,
  contextOf,
  podSpec,
  POD_LABELS,
} from './fixtures';

describe('podSpecOf', () => {
  test.each(compliantWorkloadsOfEveryKind().map((workload) => [workload.kind, workload]))(
    'finds the pod spec of a %s',
    (_kind, workload) => {
      expect(podSpecOf(workload)).toBe(podSpec(workload));
    },
  );

  test('is undefined for a kind that runs no pods', () => {
    expect(podSpecOf(compliantServiceAccount())).toBeUndefined();
  });
});

describe('podLabelsOf', () => {
  test.each(compliantWorkloadsOfEveryKind().map((workload) => [workload.kind, workload]))(
    'reads the pod labels of a %s (a Pod\'s own labels)',
    (_kind, workload) => {
      expect(podLabelsOf(workload)).toEqual(workload.kind === 'Pod' ? workload.metadata.labels : POD_LABELS);
    },
  );

  test('is empty for a template without labels', () => {
    const deployment = compliantDeployment();
    delete deployment.spec.template.metadata;
    expect(podLabelsOf(deployment)).toEqual({});
  });
});

describe('containersOf', () => {
  test('lists init containers before main containers, each named for messages', () => {
    expect(containersOf(compliantPodSpec()).map((entry) => entry.subject)).toEqual(['init container "wait-for-db"', 'container "backend"']);
  });

  test('is empty for a pod spec without containers', () => {
    expect(containersOf({})).toEqual([]);
  });
});

describe('checkContainers', () => {
  test('collects the sentences of every container and passes objects that run no pods', () => {
    const check = (entry: { subject: string }) => [`${entry.subject} seen`];
    expect(checkContainers(compliantDeployment(), check)).toEqual(['init container "wait-for-db" seen', 'container "backend" seen']);
    expect(checkContainers(compliantServiceAccount(), check)).toEqual([]);
  });
});

describe('selects', () => {
  const labels = { app: 'web', tier: 'front' };

  test('an empty selector selects every pod', () => {
    expect(selects({}, labels)).toBe(true);
  });

  test('an absent selector selects nothing', () => {
    expect(selects(undefined, labels)).toBe(false);
  });

  test('matchLabels must be a subset of the labels', () => {
    expect(selects({ matchLabels: { app: 'web' } }, labels)).toBe(true);
    expect(selects({ matchLabels: { app: 'web', tier: 'back' } }, labels)).toBe(false);
    expect(selects({ matchLabels: { app: 'web', zone: 'a' } }, labels)).toBe(false);
  });

  test.each([
    ['In', ['web', 'api'], true],
    ['In', ['api'], false],
    ['NotIn', ['api'], true],
    ['NotIn', ['web'], false],
    ['Exists', undefined, true],
    ['DoesNotExist', undefined, false],
    ['Unknown', ['web'], false],
  ] as const)('matchExpression app %s %j gives %s', (operator, values, expected) => {
    expect(selects({ matchExpressions: [{ key: 'app', operator, values }] }, labels)).toBe(expected);
  });

  test('expressions on an absent label: NotIn and DoesNotExist hold, In and Exists do not', () => {
    const on = (operator: string) => selects({ matchExpressions: [{ key: 'zone', operator, values: ['a'] }] }, labels);
    expect([on('NotIn'), on('DoesNotExist'), on('In'), on('Exists')]).toEqual([true, true, false, false]);
  });
});

describe('sameNamespace', () => {
  test('compares namespaces; two objects without one share it', () => {
    const a = compliantDeployment();
    const b = compliantServiceAccount();
    expect(sameNamespace(a, b)).toBe(true);
    b.metadata.namespace = 'other';
    expect(sameNamespace(a, b)).toBe(false);
    delete a.metadata.namespace;
    delete b.metadata.namespace;
    expect(sameNamespace(a, b)).toBe(true);
  });
});

describe('replicationOf', () => {
  test('counts the replicas of a workload with more than one', () => {
    expect(replicationOf(compliantDeployment(), contextOf([]))).toEqual({ replicas: 3 });
  });

  test('is undefined for one replica, or none stated (which means one)', () => {
    const deployment = compliantDeployment();
    deployment.spec.replicas = 1;
    expect(replicationOf(deployment, contextOf([]))).toBeUndefined();
    delete deployment.spec.replicas;
    expect(replicationOf(deployment, contextOf([]))).toBeUndefined();
  });

  test('counts the minReplicas of an autoscaler targeting the workload by kind and name', () => {
    const deployment = compliantDeployment();
    deployment.spec.replicas = 1;
    expect(replicationOf(deployment, contextOf([autoscaler(deployment, 2)]))).toEqual({ replicas: 2, autoscaler: 'backend' });
  });

  test('ignores autoscalers with minReplicas 1, of another kind, name or namespace', () => {
    const deployment = compliantDeployment();
    deployment.spec.replicas = 1;
    const otherNamespace = autoscaler(deployment, 2);
    otherNamespace.metadata.namespace = 'other';
    const otherName = autoscaler(deployment, 2);
    otherName.spec.scaleTargetRef.name = 'frontend';
    const autoscalers = [autoscaler(deployment, 1), autoscaler(compliantStatefulSet(), 2), otherNamespace, otherName];
    expect(replicationOf(deployment, contextOf(autoscalers))).toBeUndefined();
  });

  test('is described with its count and, when it sets it, the autoscaler', () => {
    expect(describeReplication({ replicas: 3 })).toBe('runs 3 replicas');
    expect(describeReplication({ replicas: 2, autoscaler: 'web' })).toBe('runs at least 2 replicas (HorizontalPodAutoscaler "web")');
  });
});

describe('the shared kind lists', () => {
  test('POD_KINDS are the kinds with a pod spec; LONG_RUNNING_KINDS leave out the run-to-completion ones; REPLICATED_KINDS keep a replica count', () => {
    const withPodSpec = compliantWorkloadsOfEveryKind().map((workload) => workload.kind).sort();
    expect([...POD_KINDS].sort()).toEqual(withPodSpec);
    expect([...LONG_RUNNING_KINDS].sort()).toEqual(withPodSpec.filter((kind) => kind !== 'Job' && kind !== 'CronJob'));
    expect(REPLICATED_KINDS.every((kind) => LONG_RUNNING_KINDS.includes(kind) && kind !== 'DaemonSet' && kind !== 'Pod')).toBe(true);
  });
});

import { namespaceKept } from '../../../lib/day2/rules/namespace-kept';
import { claim, copy, findingsOf, namespace, service, statefulSet } from '../fixtures';

/** The same objects in another namespace: a renamed namespace. */
function movedTo(target: string, ...objects: ReturnType<typeof statefulSet>[]) {
  return objects.map((object) => {
    const moved = copy(object);
    if (moved.kind === 'Namespace') moved.metadata.name = target;
    else moved.metadata.namespace = target;
    return moved;
  });
}

describe('namespace-kept', () => {
  const live = () => [namespace(), statefulSet(), claim(), service('LoadBalancer')];

  test('flags a renamed namespace once, naming every claim left behind and the public address released', () => {
    const [before, ...others] = live();
    expect(findingsOf(namespaceKept, { before }, { before: others, after: movedTo('shop-production', ...live()) })).toEqual([
      {
        object: 'Namespace/shop-prod',
        field: 'metadata.name',
        before: 'shop-prod',
        after: '(none)',
        consequence: 'the objects move to shop-production and start empty there: the data of claims data-db-0, uploads stays behind in shop-prod, out of use, and is lost with the namespace; Service/web releases its public address',
        procedure: expect.stringMatching(/^keep the namespace shop-prod; to move, reserve the public address first .*, for each claim, rebind its volume: .*spec\.volumeName/),
      },
    ]);
  });

  test('flags an environment that leaves the render with its namespace', () => {
    const [before, ...others] = live();
    const [finding] = findingsOf(namespaceKept, { before }, { before: others });
    expect(finding.consequence).toMatch(/^the environment leaves the render: the data of claims data-db-0, uploads stays behind/);
  });

  test('passes a namespace that stays, and one that leaves holding neither a claim nor a load balancer', () => {
    expect(findingsOf(namespaceKept, { before: namespace(), after: namespace() }, { before: [statefulSet()], after: [statefulSet()] })).toEqual([]);
    expect(findingsOf(namespaceKept, { before: namespace() }, { before: [service('ClusterIP')], after: movedTo('shop-production', service('ClusterIP')) })).toEqual([]);
  });
});

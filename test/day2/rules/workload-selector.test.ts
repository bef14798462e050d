import { workloadSelector } from '../../../lib/day2/rules/workload-selector';
import { deployment, findingsOf, service, statefulSet } from '../fixtures';

describe('workload-selector', () => {
  test('flags a Deployment whose selector gains a label', () => {
    const after = deployment();
    after.spec.selector.matchLabels.tier = 'front';
    expect(findingsOf(workloadSelector, { before: deployment(), after })).toEqual([
      expect.objectContaining({
        object: 'Deployment/web',
        field: 'spec.selector.matchLabels.tier',
        before: '(none)',
        after: 'front',
        consequence: expect.stringContaining("a Deployment's selector is immutable"),
        procedure: expect.stringContaining('kubectl -n shop-prod delete deployment web --cascade=orphan, then sync'),
      }),
    ]);
  });

  test('flags a StatefulSet of a renamed environment (app.kubernetes.io/instance), with the pod-by-pod procedure', () => {
    const after = statefulSet();
    after.spec.selector.matchLabels['app.kubernetes.io/instance'] = 'shop-production';
    const [finding] = findingsOf(workloadSelector, { before: statefulSet(), after });
    expect(finding).toEqual(
      expect.objectContaining({ field: 'spec.selector.matchLabels[app.kubernetes.io/instance]', before: 'shop-prod', after: 'shop-production' }),
    );
    expect(finding.procedure).toContain('delete pod db-0');
  });

  test('passes an unchanged selector, a changed template, and a Service selector (a blue/green switch changes those)', () => {
    const after = deployment();
    after.spec.template.metadata.labels.version = '2';
    expect(findingsOf(workloadSelector, { before: deployment(), after })).toEqual([]);
    const switched = service();
    switched.spec.selector['blue-green/color'] = 'green';
    expect(findingsOf(workloadSelector, { before: service(), after: switched })).toEqual([]);
  });
});

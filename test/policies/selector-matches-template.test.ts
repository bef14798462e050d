import type { Manifest } from '../../lib/policies/policy';
import { selectorMatchesTemplate } from '../../lib/policies/selector-matches-template';
import { compliantDaemonSet, compliantDeployment, compliantStatefulSet, compliantJob, contextOf } from './fixtures';

const check = (manifest: Manifest) => selectorMatchesTemplate.check(manifest, contextOf([manifest]));
const MISMATCH = "has a selector that does not select its own pod template's labels: make the template carry every selector label";

describe('selector-matches-template', () => {
  test.each([compliantDeployment(), compliantStatefulSet(), compliantDaemonSet()].map((workload) => [workload.kind, workload]))('passes a %s whose selector selects its template', (_kind, workload) => {
    expect(check(workload)).toEqual([]);
  });

  test("reports kube-linter's documented example: selector app=app1 over a template labelled app=app2 (mismatching-selector)", () => {
    const deployment = compliantDeployment();
    deployment.spec.selector = { matchLabels: { app: 'app1' } };
    deployment.spec.template.metadata.labels = { app: 'app2' };
    expect(check(deployment)).toEqual([MISMATCH]);
  });

  test('reports a selector with an expression the template does not meet, and a missing selector', () => {
    const expression = compliantStatefulSet();
    expression.spec.selector = { matchExpressions: [{ key: 'tier', operator: 'In', values: ['data'] }] };
    expect(check(expression)).toEqual([MISMATCH]);
    const none = compliantDeployment();
    delete none.spec.selector;
    expect(check(none)).toEqual([MISMATCH]);
  });

  test('ignores Jobs, whose selector the API server generates', () => {
    expect(check(compliantJob())).toEqual([]);
  });
});

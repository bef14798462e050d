import { selectorMatchesTemplate } from '../../../lib/validation/rules/selector-matches-template';
import { compliantDeployment, compliantJob, problemsOf } from '../fixtures';

describe('selector-matches-template', () => {
  test('refuses a Deployment whose selector asks for a label its template lacks', () => {
    const deployment = compliantDeployment();
    deployment.spec.selector.matchLabels['blue-green/color'] = 'blue';
    expect(problemsOf(selectorMatchesTemplate, deployment)).toEqual([
      'spec.selector: does not select the labels of spec.template.metadata.labels: the workload would not own its own pods',
    ]);
  });

  test('refuses an empty selector, and a manual Job selector that does not match', () => {
    const deployment = compliantDeployment();
    deployment.spec.selector = {};
    expect(problemsOf(selectorMatchesTemplate, deployment)).toEqual(['spec.selector: is required and must not be empty: it is how the workload finds its pods']);
    const job = compliantJob();
    Object.assign(job.spec, { manualSelector: true, selector: { matchLabels: { run: 'other' } } });
    expect(problemsOf(selectorMatchesTemplate, job)).toHaveLength(1);
  });

  test('passes a selector that is a subset of the template labels, and a Job with a generated selector', () => {
    expect(problemsOf(selectorMatchesTemplate, compliantDeployment())).toEqual([]);
    expect(problemsOf(selectorMatchesTemplate, compliantJob())).toEqual([]);
  });
});

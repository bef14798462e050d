import { reviewOutput } from '../../lib/day2/review';
import { toManifestYaml } from '../../lib/manifest-yaml';
import { statefulSet } from './fixtures';

const namespace = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop-prod' } };
const application = { apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: 'root', namespace: 'argocd' } };
const review = (baseline: Map<string, string[]>) =>
  reviewOutput({ projectRoot: '.', rendered: [], baseline, baselineName: 'dist/', otherFolders: ['argocd'] });

describe('reviewOutput', () => {
  test('an environment that is no longer rendered is compared with nothing: its namespace and the claims in it are refused, once', () => {
    const outcome = review(new Map([['prod', [toManifestYaml([namespace, statefulSet()])]]]));
    expect(outcome.errors).toEqual([expect.stringMatching(/^error: prod: Namespace\/shop-prod: field "metadata\.name": shop-prod → \(none\): the environment leaves the render: the data of claims data-db-0 stays .* \[namespace-kept\]$/)]);
    expect(outcome.messages).toEqual(['plan: prod: 0 added, 0 changed, 2 removed; no pod restarts (the environment is no longer rendered)']);
  });

  test('a folder without a Namespace that is no longer rendered (Argo CD objects moved elsewhere) is not an environment', () => {
    expect(review(new Map([['bootstrap', [toManifestYaml([application])]], ['argocd', [toManifestYaml([application])]]]))).toEqual({ errors: [], messages: [] });
  });
});

import { uniqueObjects } from '../../../lib/validation/rules/unique-objects';
import { compliantDeployment, service } from '../fixtures';

const check = (manifests: any[]) => manifests.map((manifest) => uniqueObjects.check(manifest, { environment: 'prod', manifests }).length);

describe('unique-objects', () => {
  test('refuses the second of two Deployments of one name in one namespace', () => {
    expect(check([compliantDeployment(), compliantDeployment()])).toEqual([0, 1]);
  });

  test('refuses it across API versions of one group (autoscaling/v1 and v2 are one object)', () => {
    const v1 = { apiVersion: 'autoscaling/v1', kind: 'HorizontalPodAutoscaler', metadata: { name: 'web', namespace: 'a' } };
    expect(check([v1, { ...v1, apiVersion: 'autoscaling/v2' }])).toEqual([0, 1]);
  });

  test('passes a Service and a Deployment of one name, and one name in two namespaces', () => {
    const other = compliantDeployment();
    other.metadata.namespace = 'tramites-staging';
    expect(check([compliantDeployment(), service(), other])).toEqual([0, 0, 0]);
  });
});

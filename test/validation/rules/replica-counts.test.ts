import { replicaCounts } from '../../../lib/validation/rules/replica-counts';
import { autoscaler } from '../../policies/fixtures';
import { compliantDeployment, problemsOf } from '../fixtures';

describe('replica-counts', () => {
  test('refuses a negative replica count', () => {
    const deployment = compliantDeployment();
    deployment.spec.replicas = -1;
    expect(problemsOf(replicaCounts, deployment)).toEqual(['spec.replicas: -1 is not a replica count (a whole number, 0 or more)']);
  });

  test('refuses an autoscaler whose maximum is below its minimum, a minimum of 0, and a target of 0%', () => {
    const deployment = compliantDeployment();
    const inverted = autoscaler(deployment, 3);
    inverted.spec.maxReplicas = 2;
    expect(problemsOf(replicaCounts, inverted, [deployment])).toEqual(['spec.maxReplicas: 2 is below minReplicas (3)']);
    const zero = autoscaler(deployment, 0);
    zero.spec.metrics = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 0 } } }];
    expect(problemsOf(replicaCounts, zero, [deployment])).toEqual([
      'spec.minReplicas: 0 must be a whole number of at least 1',
      'spec.metrics[0].resource.target.averageUtilization: 0 must be a whole percentage above 0',
    ]);
  });

  test('refuses an autoscaler whose target the environment does not render', () => {
    expect(problemsOf(replicaCounts, autoscaler(compliantDeployment(), 2), [compliantDeployment()])).toEqual([]);
    const orphan = autoscaler(compliantDeployment(), 2);
    orphan.spec.scaleTargetRef.name = 'backend-blue';
    expect(problemsOf(replicaCounts, orphan, [compliantDeployment()])).toEqual(['spec.scaleTargetRef: names Deployment/backend-blue, which this environment does not render']);
  });

  test('passes zero replicas (a scaled-down colour) and an autoscaler from 2 to 6', () => {
    const deployment = compliantDeployment();
    deployment.spec.replicas = 0;
    expect(problemsOf(replicaCounts, deployment)).toEqual([]);
    expect(problemsOf(replicaCounts, autoscaler(deployment, 2), [deployment])).toEqual([]);
  });
});

import { autoscalerMinReplicas } from '../../lib/policies/autoscaler-min-replicas';
import type { Manifest } from '../../lib/policies/policy';
import { autoscaler, compliantDeployment, contextOf } from './fixtures';

const check = (manifest: Manifest) => autoscalerMinReplicas.check(manifest, contextOf([manifest]));

/** kube-score's score/testdata/hpa-min-replicas-nok.yaml: an autoscaler with minReplicas 1. */
function kubeScoreAutoscaler(minReplicas?: number): Manifest {
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: 'php-apache', namespace: 'default' },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'php-apache' },
      ...(minReplicas === undefined ? {} : { minReplicas }),
      maxReplicas: 10,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }],
    },
  };
}

describe('autoscaler-min-replicas', () => {
  test('passes an autoscaler that keeps 2 or more', () => {
    expect(check(autoscaler(compliantDeployment(), 2))).toEqual([]);
    expect(check(kubeScoreAutoscaler(3))).toEqual([]);
  });

  test("reports kube-score's example: minReplicas 1 (hpa-min-replicas-nok), and no minReplicas, which means 1", () => {
    expect(check(kubeScoreAutoscaler(1))).toEqual(['has minReplicas 1: set 2 or more so a quiet hour does not leave a single pod']);
    expect(check(kubeScoreAutoscaler())).toEqual(['has minReplicas 1: set 2 or more so a quiet hour does not leave a single pod']);
  });

  test('ignores the Deployment it scales', () => {
    expect(check(compliantDeployment())).toEqual([]);
  });
});

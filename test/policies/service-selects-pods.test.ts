import type { Manifest } from '../../lib/policies/policy';
import { serviceSelectsPods } from '../../lib/policies/service-selects-pods';
import { compliantDeployment, compliantService, contextOf } from './fixtures';

const check = (service: Manifest, others: Manifest[]) => serviceSelectsPods.check(service, contextOf([service, ...others]));

describe('service-selects-pods', () => {
  test("passes a Service whose selector matches a workload's pods", () => {
    expect(check(compliantService(), [compliantDeployment()])).toEqual([]);
  });

  test("reports kube-score's documented example: a Service selecting app=my-app with no such pods (ignore-annotation-service)", () => {
    const service: Manifest = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'node-port-service-with-ignore', namespace: 'foospace' },
      spec: { selector: { app: 'my-app' }, ports: [{ protocol: 'TCP', port: 80, targetPort: 8080 }], type: 'NodePort' },
    };
    expect(check(service, [compliantDeployment()])).toEqual(["selects app=my-app, which no workload's pods carry: it has no endpoints"]);
  });

  test('reports a Service selecting pods of another namespace only', () => {
    const deployment = compliantDeployment();
    deployment.metadata.namespace = 'elsewhere';
    expect(check(compliantService(), [deployment])).toHaveLength(1);
  });

  test('passes Services without a selector (their endpoints are managed by hand) and ExternalName Services', () => {
    const manual = compliantService();
    delete manual.spec.selector;
    expect(check(manual, [])).toEqual([]);
    const external = compliantService();
    external.spec.type = 'ExternalName';
    expect(check(external, [])).toEqual([]);
  });
});

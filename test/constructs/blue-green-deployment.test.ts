import { Testing } from 'cdk8s';
import { BlueGreenDeployment, COLOR_LABEL } from '../../lib/constructs/blue-green-deployment';
import { kubernetesSchemaProblems } from '../support/kubernetes-schema';
import { CONTEXT, only, rendered, serviceModel, volumeModel } from '../support/model-builder';

const api = serviceModel('api', {
  blueGreen: {
    activeColor: 'green',
    colors: { blue: { image: 'registry.example/api:1.0.0', replicas: 2 }, green: { image: 'registry.example/api:1.1.0', replicas: 1 } },
  },
});

describe('BlueGreenDeployment', () => {
  const chart = Testing.chart();
  new BlueGreenDeployment(chart, 'api', { service: api, context: CONTEXT });
  const objects = rendered(chart);

  test('renders one ServiceAccount for both colours, a Deployment per colour and the two Services, all valid', () => {
    expect(objects.map((object) => `${object.kind}/${object.metadata.name}`)).toEqual([
      'ServiceAccount/api',
      'Deployment/api-blue',
      'PodDisruptionBudget/api-blue',
      'Deployment/api-green',
      'Service/api',
      'Service/api-preview',
    ]);
    for (const color of ['blue', 'green']) {
      const pod = only(objects, 'Deployment', `api-${color}`).spec.template;
      expect(pod.spec.serviceAccountName).toBe('api');
      expect(pod.metadata.labels[COLOR_LABEL]).toBe(color);
      expect(pod.spec.containers[0].env).toContainEqual({ name: 'COLOR', value: color });
    }
    for (const object of objects) expect(kubernetesSchemaProblems(object, '1.34')).toEqual([]);
  });

  test('runs each colour with its own image and replicas; the Service selects the active colour, the preview the other', () => {
    expect(only(objects, 'Deployment', 'api-blue').spec.template.spec.containers[0].image).toBe('registry.example/api:1.0.0');
    expect(only(objects, 'Deployment', 'api-green').spec.template.spec.containers[0].image).toBe('registry.example/api:1.1.0');
    expect(only(objects, 'Deployment', 'api-blue').spec.replicas).toBe(2);
    expect(only(objects, 'Deployment', 'api-green').spec.replicas).toBe(1);
    expect(only(objects, 'Service', 'api').spec.selector[COLOR_LABEL]).toBe('green');
    expect(only(objects, 'Service', 'api-preview').spec.selector[COLOR_LABEL]).toBe('blue');
  });

  test('leaves out a colour with no staged image', () => {
    const chart = Testing.chart();
    new BlueGreenDeployment(chart, 'api', { service: { ...api, blueGreen: { ...api.blueGreen!, colors: { ...api.blueGreen!.colors, blue: { replicas: 1 } } } }, context: CONTEXT });
    expect(rendered(chart).filter((object) => object.kind === 'Deployment').map((object) => object.metadata.name)).toEqual(['api-green']);
  });

  test('refuses a service without blue/green settings, or one that owns a volume the colours would share', () => {
    expect(() => new BlueGreenDeployment(Testing.chart(), 'web', { service: serviceModel('web'), context: CONTEXT })).toThrow('has no blue/green settings');
    const owning = { ...api, mounts: [{ kind: 'volume' as const, volume: 'data', path: '/data', readOnly: false }], volumes: [volumeModel('data')] };
    expect(() => new BlueGreenDeployment(Testing.chart(), 'api', { service: owning, context: CONTEXT })).toThrow('cannot run blue/green');
  });
});

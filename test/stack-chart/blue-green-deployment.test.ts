import { COLOR_LABEL } from '../../lib/constructs/blue-green-deployment';
import type { StackModel } from '../../lib/model';
import { ENVIRONMENTS, find, loadEnvironment, mainContainer, synthModel, type Manifest } from '../support/project';

/** The prod model with the backend's blue/green settings replaced. */
function withBlueGreen(blueGreen: NonNullable<StackModel['services'][number]['blueGreen']>): StackModel {
  const stack = loadEnvironment('prod');
  return { ...stack, services: stack.services.map((service) => (service.name === 'backend' ? { ...service, blueGreen } : service)) };
}

/** The Deployments whose pods a Service's selector matches. */
function selectedDeployments(manifests: readonly Manifest[], serviceName: string): string[] {
  const selector = find(manifests, 'Service', serviceName).spec.selector as Record<string, string>;
  return manifests
    .filter((m) => m.kind === 'Deployment' && Object.entries(selector).every(([key, value]) => m.spec.template.metadata.labels[key] === value))
    .map((m) => m.metadata.name);
}

describe.each(ENVIRONMENTS)('BlueGreenDeployment in %s', (environment) => {
  const manifests = synthModel(loadEnvironment(environment));

  test('renders backend-blue and backend-green, each pod labelled and told its colour', () => {
    for (const color of ['blue', 'green']) {
      const deployment = find(manifests, 'Deployment', `backend-${color}`);
      expect(deployment.spec.template.metadata.labels[COLOR_LABEL]).toBe(color);
      expect(deployment.spec.selector.matchLabels[COLOR_LABEL]).toBe(color);
      expect(mainContainer(deployment).env).toContainEqual({ name: 'COLOR', value: color });
    }
  });

  test('backend selects exactly the active colour and backend-preview exactly the other', () => {
    expect(selectedDeployments(manifests, 'backend')).toEqual(['backend-blue']);
    expect(selectedDeployments(manifests, 'backend-preview')).toEqual(['backend-green']);
  });

  test('both colours mount the same backend-uploads claim', () => {
    for (const color of ['blue', 'green']) {
      expect(find(manifests, 'Deployment', `backend-${color}`).spec.template.spec.volumes).toContainEqual({
        name: 'backend-uploads',
        persistentVolumeClaim: { claimName: 'backend-uploads' },
      });
    }
  });
});

describe('BlueGreenDeployment', () => {
  test('runs each colour with its own image tag and replica count', () => {
    const manifests = synthModel(
      withBlueGreen({
        activeColor: 'green',
        colors: { blue: { image: 'registry.example/backend:1.0.0', replicas: 0 }, green: { image: 'registry.example/backend:1.1.0', replicas: 3 } },
      }),
    );
    expect(mainContainer(find(manifests, 'Deployment', 'backend-blue')).image).toBe('registry.example/backend:1.0.0');
    expect(find(manifests, 'Deployment', 'backend-blue').spec.replicas).toBe(0);
    expect(mainContainer(find(manifests, 'Deployment', 'backend-green')).image).toBe('registry.example/backend:1.1.0');
    // Green autoscales in prod from its 3 replicas: the Deployment leaves the count to the autoscaler.
    expect(find(manifests, 'Deployment', 'backend-green').spec.replicas).toBeUndefined();
    expect(find(manifests, 'HorizontalPodAutoscaler', 'backend-green').spec.minReplicas).toBe(3);
    expect(manifests.some((m) => m.kind === 'HorizontalPodAutoscaler' && m.metadata.name === 'backend-blue')).toBe(false);
    expect(selectedDeployments(manifests, 'backend')).toEqual(['backend-green']);
  });

  test('does not render a colour with no staged image, and keeps its preview Service', () => {
    const manifests = synthModel(
      withBlueGreen({ activeColor: 'blue', colors: { blue: { image: 'registry.example/backend:1.0.0', replicas: 3 }, green: { replicas: 3 } } }),
    );
    expect(manifests.filter((m) => m.kind === 'Deployment').map((m) => m.metadata.name)).not.toContain('backend-green');
    expect(find(manifests, 'Service', 'backend-preview').spec.selector[COLOR_LABEL]).toBe('green');
  });

  test('a change of active colour changes only the two Service selectors', () => {
    const blue = synthModel(withBlueGreen({ activeColor: 'blue', colors: { blue: { image: 'r/b:1', replicas: 3 }, green: { image: 'r/b:2', replicas: 3 } } }));
    const green = synthModel(withBlueGreen({ activeColor: 'green', colors: { blue: { image: 'r/b:1', replicas: 3 }, green: { image: 'r/b:2', replicas: 3 } } }));
    const differing = blue.filter((manifest, index) => JSON.stringify(manifest) !== JSON.stringify(green[index]));
    expect(differing.map((m) => `${m.kind}/${m.metadata.name}`)).toEqual(['Service/backend', 'Service/backend-preview']);
    const withoutSelector = (m: Manifest) => JSON.stringify({ ...m, spec: { ...m.spec, selector: undefined } });
    for (const manifest of differing) {
      expect(withoutSelector(manifest)).toBe(withoutSelector(green[blue.indexOf(manifest)]));
    }
  });
});

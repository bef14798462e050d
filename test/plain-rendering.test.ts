import { ApiObject as CdkApiObject, App, Chart, JsonPatch, Lazy, Testing, type IResolver, type ResolutionContext } from 'cdk8s';
import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, KubeConfigMap, KubeDeployment, KubeService } from '../lib/api-objects';
import { ArgoCdChart } from '../lib/argocd-chart';
import * as k8s from '../lib/k8s';
import { loadStacks } from '../lib/loader/load-stack';
import type { StackModel } from '../lib/model';
import { plainRendering } from '../lib/plain-rendering';
import { RootChart } from '../lib/root-chart';
import { StackChart } from '../lib/stack-chart';
import { PROJECT_ROOT } from './support/project';

/**
 * lib/plain-rendering.ts renders the objects the constructs create in one walk instead of cdk8s'
 * resolvers. Its promise is that nothing changes but the time: every object of every environment of
 * this project and of every fixture stack renders exactly (same keys, same order) as cdk8s renders
 * it, and whatever needs cdk8s' resolvers still gets them.
 */

/** cdk8s' own rendering of an object created through plainRendering: the toJson it overrides. */
function cdk8sRendering(object: CdkApiObject): unknown {
  return Object.getPrototypeOf(Object.getPrototypeOf(object)).toJson.call(object);
}

/** Every chart the synth renders for `models`, as lib/render.ts builds them. */
function chartsOf(models: readonly StackModel[]): Chart[] {
  const charts: Chart[] = models.map((stack) => new StackChart(new App(), stack.project, { stack }));
  const delivered = models.filter((stack) => stack.gitops);
  if (delivered.length > 0) {
    const { project, gitops } = delivered[0];
    charts.push(new ArgoCdChart(new App(), 'argocd', { stacks: delivered, kinds: [] }));
    charts.push(new RootChart(new App(), 'root', { gitops: gitops!, project, path: 'dist/argocd', exclude: 'root.k8s.yaml', revision: gitops!.branch, kinds: [] }));
  }
  return charts;
}

const FIXTURES = path.join(__dirname, 'fixtures', 'stacks');
const PROJECTS: ReadonlyArray<readonly [string, string]> = [
  ['this project', PROJECT_ROOT],
  ...fs
    .readdirSync(FIXTURES)
    .sort()
    .map((name) => [`fixture ${name}`, path.join(FIXTURES, name)] as const),
];

describe.each(PROJECTS)('%s', (_name, root) => {
  const objects = chartsOf(loadStacks(root).models).flatMap((chart) => chart.node.findAll().filter((node): node is CdkApiObject => node instanceof CdkApiObject));

  test("every object is rendered in one walk, none by cdk8s' resolvers", () => {
    expect(objects.length).toBeGreaterThan(0);
    // Every binding's toJson, and cdk8s' rendering of every other object, goes through ApiObject's.
    const cdk8s = jest.spyOn(CdkApiObject.prototype, 'toJson');
    try {
      for (const object of objects) object.toJson();
      expect(cdk8s.mock.contexts.map((object) => (object as CdkApiObject).node.path)).toEqual([]);
    } finally {
      cdk8s.mockRestore();
    }
  });

  test('every object renders exactly as cdk8s renders it, key order included', () => {
    const differing = objects.filter((object) => JSON.stringify(object.toJson()) !== JSON.stringify(cdk8sRendering(object)));
    expect(differing.map((object) => object.node.path)).toEqual([]);
  });
});

describe('what needs cdk8s resolvers gets them', () => {
  const Deployment = plainRendering(k8s.KubeDeployment);
  const props = (extra: Record<string, unknown> = {}) => ({
    metadata: { name: 'web', labels: { b: '2', a: '1' } },
    spec: {
      selector: { matchLabels: { app: 'web' } },
      strategy: { rollingUpdate: { maxSurge: k8s.IntOrString.fromNumber(1), maxUnavailable: k8s.IntOrString.fromString('25%') } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'web', image: 'nginx:1.27', resources: { limits: { memory: k8s.Quantity.fromString('64Mi'), cpu: k8s.Quantity.fromString('100m') } }, args: undefined, ...extra }] },
      },
    },
  });

  test('unions, unsorted keys and undefined members render as cdk8s renders them', () => {
    const object = new Deployment(Testing.chart(), 'web', props());
    expect(JSON.stringify(object.toJson())).toBe(JSON.stringify(cdk8sRendering(object)));
    expect(object.toJson().spec.strategy.rollingUpdate).toEqual({ maxSurge: 1, maxUnavailable: '25%' });
    expect(Object.keys(object.toJson().spec.template.spec.containers[0].resources.limits)).toEqual(['cpu', 'memory']);
  });

  test('a Lazy value is produced', () => {
    const object = new Deployment(Testing.chart(), 'web', props({ workingDir: Lazy.any({ produce: () => '/srv' }) }));
    expect(object.toJson().spec.template.spec.containers[0].workingDir).toBe('/srv');
  });

  test('a value with a resolve() method is resolved', () => {
    const object = new Deployment(Testing.chart(), 'web', props({ workingDir: { resolve: () => '/data' } }));
    expect(object.toJson().spec.template.spec.containers[0].workingDir).toBe('/data');
  });

  test("the app's own resolvers are applied", () => {
    class Upper implements IResolver {
      resolve(context: ResolutionContext): void {
        if (context.value === 'nginx:1.27') context.replaceValue('NGINX:1.27');
      }
    }
    const chart = new Chart(new App({ resolvers: [new Upper()] }), 'chart');
    const object = new Deployment(chart, 'web', props());
    expect(object.toJson().spec.template.spec.containers[0].image).toBe('NGINX:1.27');
  });

  test('a JSON patch is applied', () => {
    const object = new Deployment(Testing.chart(), 'web', props());
    object.addJsonPatch(JsonPatch.add('/spec/replicas', 3));
    expect(object.toJson().spec.replicas).toBe(3);
  });

  test('CDK8S_DISABLE_SORT keeps the order the props were written in', () => {
    process.env.CDK8S_DISABLE_SORT = '1';
    try {
      const object = new Deployment(Testing.chart(), 'web', props());
      expect(Object.keys(object.toJson().spec.template.spec.containers[0].resources.limits)).toEqual(['memory', 'cpu']);
      expect(JSON.stringify(object.toJson())).toBe(JSON.stringify(cdk8sRendering(object)));
    } finally {
      delete process.env.CDK8S_DISABLE_SORT;
    }
  });

  test('a value cdk8s cannot render fails with cdk8s\' own error', () => {
    class Opaque {}
    const object = new Deployment(Testing.chart(), 'web', props({ workingDir: new Opaque() }));
    expect(() => object.toJson()).toThrow("can't render non-simple object of type 'Opaque'");
  });

  test('metadata added after construction is rendered', () => {
    const object = new KubeConfigMap(Testing.chart(), 'config', { metadata: { name: 'config' }, data: { b: '2', a: '1' } });
    object.metadata.addAnnotation('checksum', 'abc');
    expect(object.toJson()).toEqual({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'config', annotations: { checksum: 'abc' } }, data: { a: '1', b: '2' } });
    expect(Object.keys(object.toJson().data)).toEqual(['a', 'b']);
  });

  test('a failure names the object, as cdk8s does', () => {
    const object = new Deployment(Testing.chart(), 'web', props());
    object.addJsonPatch(JsonPatch.replace('/spec/missing/field', 1));
    expect(() => object.toJson()).toThrow(/^Failed serializing construct at path '.*web' with name 'web': /);
  });

  test('props changed after construction render as cdk8s renders them', () => {
    const chart = Testing.chart();
    const customProps: { apiVersion: string; kind: string; spec: unknown } = { apiVersion: 'example.com/v1', kind: 'Widget', spec: { size: 1 } };
    const custom = new ApiObject(chart, 'widget', customProps);
    // cdk8s' ApiObject keeps the props it was given; a binding keeps a shallow copy of them.
    customProps.spec = { size: 2 };
    expect(custom.toJson().spec).toEqual({ size: 2 });
    const bindingProps: Record<string, unknown> = props();
    const deployment = new Deployment(chart, 'web', bindingProps);
    bindingProps.spec = { replicas: 9 };
    for (const object of [custom, deployment]) expect(JSON.stringify(object.toJson())).toBe(JSON.stringify(cdk8sRendering(object)));
  });

  test('the classes are subclasses of the bindings, with their names', () => {
    // A binding's instanceof means "an ApiObject" (cdk8s defines Symbol.hasInstance so): the prototype says more.
    expect(Object.getPrototypeOf(KubeDeployment.prototype)).toBe(k8s.KubeDeployment.prototype);
    expect(Object.getPrototypeOf(KubeService.prototype)).toBe(k8s.KubeService.prototype);
    expect(Object.getPrototypeOf(ApiObject.prototype)).toBe(CdkApiObject.prototype);
    expect([KubeDeployment.name, KubeService.name, ApiObject.name]).toEqual(['KubeDeployment', 'KubeService', 'ApiObject']);
  });
});

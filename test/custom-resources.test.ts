import { Testing } from 'cdk8s';
import { Certificate } from '../imports/certificate-cert-manager.io';
import { ExternalSecret } from '../imports/externalsecret-external-secrets.io';
import { PodMonitor } from '../imports/podmonitor-monitoring.coreos.com';
import { PrometheusRule, PrometheusRuleSpecGroupsRulesExpr } from '../imports/prometheusrule-monitoring.coreos.com';
import { CUSTOM_RESOURCE_KINDS, customResource } from '../lib/custom-resources';
import { ENVIRONMENTS, synthEnvironment, type Manifest } from './support/project';

/**
 * The custom resources are built as plain objects typed by the generated bindings (lib/custom-resources.ts).
 * Here each rendered object goes through the generated class as well: a field whose name in the bindings'
 * types differs from its name in the API would be renamed or dropped there, and the two would differ.
 */
const GENERATED = {
  ExternalSecret: (props: any) => ExternalSecret.manifest(props),
  Certificate: (props: any) => Certificate.manifest(props),
  PodMonitor: (props: any) => PodMonitor.manifest(props),
  // The bindings wrap `expr` (an int-or-string in the CRD) in a class.
  PrometheusRule: (props: any) =>
    PrometheusRule.manifest({
      ...props,
      spec: { groups: props.spec.groups.map((g: any) => ({ ...g, rules: g.rules.map((r: any) => ({ ...r, expr: PrometheusRuleSpecGroupsRulesExpr.fromString(r.expr) })) })) },
    }),
};

test('the kinds are those the generated classes declare', () => {
  expect(CUSTOM_RESOURCE_KINDS).toEqual({
    ExternalSecret: ExternalSecret.GVK,
    Certificate: Certificate.GVK,
    PodMonitor: PodMonitor.GVK,
    PrometheusRule: PrometheusRule.GVK,
  });
});

describe.each(ENVIRONMENTS)('custom resources of %s', (environment) => {
  const custom = synthEnvironment(environment).filter((m) => m.kind in CUSTOM_RESOURCE_KINDS);

  test.each(custom.map((m) => [`${m.kind}/${m.metadata.name}`, m] as const))('%s equals what the generated class renders', (_name, manifest: Manifest) => {
    const { apiVersion: _apiVersion, kind, ...props } = manifest;
    expect(GENERATED[kind as keyof typeof GENERATED](props)).toEqual(manifest);
  });
});

test('the comparison catches a field the bindings name differently', () => {
  // The class renders only the fields its types know, under their API names: `portName` is not one.
  const chart = Testing.chart();
  const plain = Testing.synth(chart).length;
  customResource(chart, 'x', 'PodMonitor', { metadata: { name: 'x' }, spec: { selector: {}, podMetricsEndpoints: [{ portName: 'metrics' }] } });
  const [rendered] = Testing.synth(chart).slice(plain);
  const { apiVersion: _apiVersion, kind: _kind, ...props } = rendered;
  expect(GENERATED.PodMonitor(props)).not.toEqual(rendered);
});

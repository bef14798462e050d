import { Testing } from 'cdk8s';
import { NetworkPolicies } from '../../lib/constructs/network-policies';
import { ServiceAlias, ServiceExposure } from '../../lib/constructs/service-exposure';
import type { NetworkPath, PortModel } from '../../lib/model';

/** NetworkPolicies, ServiceExposure and ServiceAlias on their own, from paths and models built by hand. */

const context = { project: 'shop', environment: 'dev' };
const TCP = (port: number) => ({ port, protocol: 'TCP' as const });

function synth(build: (chart: ReturnType<typeof Testing.chart>) => void): any[] {
  const chart = Testing.chart();
  build(chart);
  return Testing.synth(chart);
}

describe('NetworkPolicies', () => {
  const paths: NetworkPath[] = [
    { from: { kind: 'outside' }, to: { kind: 'service', name: 'web' }, ports: [TCP(8080)] },
    { from: { kind: 'network', name: 'back' }, to: { kind: 'service', name: 'db' }, ports: [TCP(5432)] },
    { from: { kind: 'service', name: 'web' }, to: { kind: 'network', name: 'back' }, ports: [TCP(5432)] },
    { from: { kind: 'service', name: 'web' }, to: { kind: 'outside' }, ports: 'any' },
  ];

  test('one default-deny with the DNS rule, then one policy per workload a path names', () => {
    const objects = synth((chart) => new NetworkPolicies(chart, 'policies', { paths, context }));
    expect(objects.map((object) => object.metadata.name)).toEqual(['default-deny', 'allow-web', 'allow-db']);
    // Default-deny selects every pod, both ways; its only rule is the DNS egress (next test).
    expect(objects[0].spec).toMatchObject({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    expect(objects[0].spec.ingress).toBeUndefined();
    expect(objects[0].spec.egress).toHaveLength(1);
    const web = objects[1].spec;
    expect(web.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(web.podSelector).toEqual({ matchLabels: { 'app.kubernetes.io/name': 'web', 'app.kubernetes.io/instance': 'shop-dev' } });
    expect(web.ingress).toEqual([{ ports: [{ protocol: 'TCP', port: 8080 }] }]);
    expect(web.egress).toEqual([
      { to: [{ podSelector: { matchLabels: { 'compose-network/back': 'true' } } }], ports: [{ protocol: 'TCP', port: 5432 }] },
      { to: [{ ipBlock: { cidr: '0.0.0.0/0' } }, { ipBlock: { cidr: '::/0' } }] },
    ]);
    expect(objects[2].spec).toEqual({
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'db', 'app.kubernetes.io/instance': 'shop-dev' } },
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ podSelector: { matchLabels: { 'compose-network/back': 'true' } } }], ports: [{ protocol: 'TCP', port: 5432 }] }],
    });
  });

  test('the DNS endpoints are props, with the cluster DNS and NodeLocal DNSCache by default', () => {
    const dnsRule = (objects: any[]) => objects[0].spec.egress[0].to;
    expect(dnsRule(synth((chart) => new NetworkPolicies(chart, 'policies', { paths: [], context })))).toEqual([
      { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } },
      { ipBlock: { cidr: '169.254.20.10/32' } },
    ]);
    const custom = { namespace: 'dns', podLabels: { app: 'coredns' }, addressBlocks: [] };
    expect(dnsRule(synth((chart) => new NetworkPolicies(chart, 'policies', { paths: [], context, dns: custom })))).toEqual([
      { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'dns' } }, podSelector: { matchLabels: { app: 'coredns' } } },
    ]);
  });
});

describe('ServiceExposure and ServiceAlias', () => {
  const http: PortModel = { name: 'http', containerPort: 8080, servicePort: 80, protocol: 'TCP' };
  const metrics: PortModel = { name: 'metrics', containerPort: 9090, servicePort: 9090, protocol: 'TCP', published: false };

  test('a LoadBalancer <name>-public with the exposed ports, selecting the active colour of a blue/green service', () => {
    const blueGreen = { activeColor: 'green' as const, colors: { blue: { replicas: 1 }, green: { image: 'web:2', replicas: 1 } } };
    const [service] = synth((chart) => new ServiceExposure(chart, 'exposure', { service: { name: 'web', blueGreen }, exposure: { kind: 'loadBalancer', ports: [http] }, context }));
    expect(service.metadata.name).toBe('web-public');
    expect(service.spec).toEqual({
      type: 'LoadBalancer',
      externalTrafficPolicy: 'Local',
      selector: { 'app.kubernetes.io/name': 'web', 'app.kubernetes.io/instance': 'shop-dev', 'blue-green/color': 'green' },
      ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }],
    });
  });

  test('an Ingress without TLS or class when none is named', () => {
    const [ingress] = synth((chart) => new ServiceExposure(chart, 'exposure', { service: { name: 'web' }, exposure: { kind: 'ingress', host: 'shop.example.test', path: '/shop', port: http }, context }));
    expect(ingress.spec).toEqual({ rules: [{ host: 'shop.example.test', http: { paths: [{ path: '/shop', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }] } }] });
  });

  test('an alias carries every port of the service, expose: ones included', () => {
    const [alias] = synth((chart) => new ServiceAlias(chart, 'alias', { service: { name: 'web', ports: [http, metrics] }, alias: 'www', context }));
    expect(alias.metadata.name).toBe('www');
    expect(alias.spec.ports.map((port: { port: number }) => port.port)).toEqual([80, 9090]);
  });
});

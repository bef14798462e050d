import { formatViolation, runPolicies } from '../lib/policies';
import { kubernetesSchemaProblems } from './support/kubernetes-schema';
import { allowed, OUTSIDE, podsOf, type Pod } from './support/network-policy';
import { find, type Manifest } from './support/project';
import { smallStackProblems, smallStackWarnings, synthSmallStack, type SmallStack } from './support/small-stack';

/**
 * Exposure of the published ports of a stack without a reverse proxy (environment `exposure`): by
 * default a LoadBalancer Service per publishing service, carrying its published ports only; an Ingress
 * per service where the settings say so; and the NetworkPolicies let outside reach exactly those ports.
 */

const SHOP = `
services:
  web:
    image: shop/web:1.0
    ports:
      - "80:8080"
      - "9443:8443"
    expose: ["9090"]
  api:
    image: shop/api:1.0
    ports: ["8000:8000"]
  db:
    image: postgres:16
    ports: ["5432"]
    volumes: [db-data:/var/lib/postgresql/data]
volumes:
  db-data:
`;

function render(stack: SmallStack) {
  const manifests = synthSmallStack(stack);
  const policies = manifests.filter((manifest) => manifest.kind === 'NetworkPolicy');
  const pods = podsOf(manifests);
  /** The ports of each workload that outside the cluster reaches, as `Kind/name:port`. */
  const fromOutside = pods.flatMap((pod) => [...pod.ports, 1, 65000].filter((port) => allowed(policies, OUTSIDE, pod, port)).map((port) => `${pod.workload}:${port}`));
  return { manifests, fromOutside };
}

const servicesOf = (manifests: readonly Manifest[]) => manifests.filter((manifest) => manifest.kind === 'Service').map((service) => `${service.metadata.name} ${service.spec.type ?? 'ClusterIP'}`);

describe('by default, a published port is reachable from outside, as in compose', () => {
  const { manifests, fromOutside } = render({ compose: SHOP });

  test('each publishing service gets a LoadBalancer Service <name>-public, its own Service stays ClusterIP', () => {
    expect(servicesOf(manifests).sort()).toEqual(['api ClusterIP', 'api-public LoadBalancer', 'db ClusterIP', 'db-headless ClusterIP', 'db-public LoadBalancer', 'web ClusterIP', 'web-public LoadBalancer'].sort());
    // The service's own Service answers on the container ports, as other compose containers reach it
    // (web:8080, not the host's 80); the expose: port is there too, and on no load balancer.
    expect(find(manifests, 'Service', 'web').spec.ports.map((port: { port: number }) => port.port)).toEqual([8080, 8443, 9090]);
    const web = find(manifests, 'Service', 'web-public');
    expect(web.spec).toEqual({
      type: 'LoadBalancer',
      externalTrafficPolicy: 'Local',
      selector: find(manifests, 'Service', 'web').spec.selector,
      ports: [
        { name: 'port-8080', port: 80, targetPort: 'port-8080', protocol: 'TCP' },
        { name: 'port-8443', port: 9443, targetPort: 'port-8443', protocol: 'TCP' },
      ],
    });
  });

  test('each default exposure is a warning naming the service, its ports and how to keep them inside', () => {
    expect(smallStackWarnings({ compose: SHOP })).toEqual([
      'compose/docker-compose.yml:5: service "web": field "ports": published: reachable from outside the cluster on ports 80, 9443 of the LoadBalancer Service web-public (README: "Networks and exposure"); to keep it inside, set exposure.services.web.type: none in environments/dev.yaml',
      'compose/docker-compose.yml:11: service "api": field "ports": published: reachable from outside the cluster on port 8000 of the LoadBalancer Service api-public (README: "Networks and exposure"); to keep it inside, set exposure.services.api.type: none in environments/dev.yaml',
      'compose/docker-compose.yml:14: service "db": field "ports": published: reachable from outside the cluster on port 5432 of the LoadBalancer Service db-public (README: "Networks and exposure"); to keep it inside, set exposure.services.db.type: none in environments/dev.yaml',
    ]);
  });

  test('the NetworkPolicies let outside reach exactly the published container ports, not the expose: one', () => {
    expect(fromOutside.sort()).toEqual(['Deployment/api:8000', 'Deployment/web:8080', 'Deployment/web:8443', 'StatefulSet/db:5432'].sort());
  });

  test('the objects pass the Kubernetes schema, and the policy suite finds nothing in the Services and policies', () => {
    const rendered = manifests.filter((manifest) => ['Service', 'NetworkPolicy'].includes(manifest.kind));
    expect(rendered.flatMap((manifest) => [...kubernetesSchemaProblems(manifest, '1.27'), ...kubernetesSchemaProblems(manifest, '1.34')])).toEqual([]);
    const violations = runPolicies('dev', manifests, []).filter((violation) => /^(Service|NetworkPolicy)\//.test(violation.object));
    expect(violations.map(formatViolation)).toEqual([]);
  });
});

test('a port published on the host\'s loopback only stays inside the cluster, as it stays on the compose host', () => {
  const compose = [
    'services:',
    '  db:',
    '    image: postgres:16',
    '    ports: ["127.0.0.1:5432:5432"]',
    '  admin:',
    '    image: dpage/pgadmin4:8.10',
    '    ports:',
    '      - { target: 80, published: 5050, host_ip: 127.0.0.1 }',
    '      - { target: 443, published: 5443 }',
  ].join('\n');
  const { manifests, fromOutside } = render({ compose });
  expect(fromOutside).toEqual(['Deployment/admin:443']);
  expect(find(manifests, 'Service', 'admin-public').spec.ports.map((port: { port: number }) => port.port)).toEqual([5443]);
  expect(servicesOf(manifests).filter((service) => service.startsWith('db-public'))).toEqual([]);
  // Still a port of the service's own Service, as compose's other services reach it.
  expect(find(manifests, 'Service', 'db').spec.ports.map((port: { port: number }) => port.port)).toEqual([5432]);
});

describe('exposure settings', () => {
  const settings = [
    'exposure:',
    '  services:',
    '    web: { type: ingress, host: shop.example.test, className: nginx, tlsSecret: shop-tls, port: 80 }',
    '    db: { type: none }',
  ].join('\n');

  test('an Ingress for the host routes to the service\'s own Service, on the container port of the published HTTP port', () => {
    const { manifests } = render({ compose: SHOP, environment: settings });
    expect(find(manifests, 'Ingress', 'web').spec).toEqual({
      ingressClassName: 'nginx',
      tls: [{ hosts: ['shop.example.test'], secretName: 'shop-tls' }],
      rules: [{ host: 'shop.example.test', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 8080 } } } }] } }],
    });
    expect(kubernetesSchemaProblems(find(manifests, 'Ingress', 'web'), '1.27')).toEqual([]);
    expect(kubernetesSchemaProblems(find(manifests, 'Ingress', 'web'), '1.34')).toEqual([]);
    expect(servicesOf(manifests).sort()).toEqual(['api ClusterIP', 'api-public LoadBalancer', 'db ClusterIP', 'db-headless ClusterIP', 'web ClusterIP'].sort());
    // The Ingress checks of the policy suite (kube-score's ingress-targets-service, Polaris' tlsSettingsMissing) accept it.
    expect(runPolicies('dev', manifests, []).filter((violation) => violation.object.startsWith('Ingress/')).map(formatViolation)).toEqual([]);
  });

  test('outside reaches the Ingress\'s port and the load-balanced ones; none and the port the Ingress leaves out are closed', () => {
    expect(render({ compose: SHOP, environment: settings }).fromOutside.sort()).toEqual(['Deployment/api:8000', 'Deployment/web:8080']);
  });

  test('a published port an Ingress cannot carry is named in a warning', () => {
    expect(smallStackWarnings({ compose: SHOP, environment: settings })).toEqual([
      expect.stringMatching(/^environments\/dev\.yaml:\d+: field "exposure\.services\.web": published ports 9443 of "web" stay inside the cluster: an Ingress carries HTTP to one port$/),
      expect.stringMatching(/service "api": field "ports": published: reachable from outside the cluster on port 8000/),
    ]);
  });

  test('default: none keeps every published port inside the cluster', () => {
    const { manifests, fromOutside } = render({ compose: SHOP, environment: 'exposure: { default: none }' });
    expect(fromOutside).toEqual([]);
    expect(servicesOf(manifests).filter((service) => service.includes('LoadBalancer'))).toEqual([]);
  });

  test.each([
    ['an Ingress without a host', '    web: { type: ingress, port: 80 }', /field "exposure\.services\.web\.host": is required: the public host name the Ingress serves$/],
    ['an Ingress to a port that is not published', '    api: { type: ingress, host: a.example.test, port: 9000 }', /field "exposure\.services\.api\.port": 9000 is not a published TCP port of "api" \(published: 8000\)$/],
    ['an Ingress with two published ports to choose from', '    web: { type: ingress, host: a.example.test }', /field "exposure\.services\.web\.port": name the published port the Ingress routes to \(published TCP ports of "web": 80, 9443\)$/],
    ['an unknown type', '    web: { type: nodePort }', /field "exposure\.services\.web\.type": "nodePort" is not an exposure; use one of: loadBalancer, ingress, none$/],
    ['a service that does not exist', '    shop: { type: none }', /field "exposure\.services\.shop": there is no compose service "shop"$/],
  ])('refuses %s, naming the file and the field', (_, line, message) => {
    expect(smallStackProblems({ compose: SHOP, environment: ['exposure:', '  services:', line].join('\n') })).toEqual([expect.stringMatching(new RegExp(`^environments/dev\\.yaml:\\d+: ${message.source}`))]);
  });

  test('names a service spelled with "_" either way, but not both ways at once', () => {
    const compose = ['services:', '  my_app:', '    image: w:1', '    ports: ["80:8080"]'].join('\n');
    const exposure = (...lines: string[]) => ['exposure:', '  services:', ...lines].join('\n');
    for (const spelling of ['my_app', 'my-app']) {
      expect(synthSmallStack({ compose, environment: exposure(`    ${spelling}: { type: none }`) }).filter((manifest) => manifest.kind === 'Service').map((manifest) => manifest.metadata.name)).toEqual(['my-app']);
    }
    expect(smallStackProblems({ compose, environment: exposure('    my_app: { type: none }', '    my-app: { type: loadBalancer }') })).toEqual([
      expect.stringMatching(/^environments\/dev\.yaml:\d+: field "exposure\.services\.my-app": names "my-app" a second time \(as "my-app"\): keep one$/),
    ]);
  });

  test('refuses a LoadBalancer name that is another service\'s', () => {
    const compose = ['services:', '  web:', '    image: w:1', '    ports: ["80:8080"]', '  web-public:', '    image: p:1'].join('\n');
    expect(smallStackProblems({ compose })).toEqual([
      'compose/docker-compose.yml:4: service "web": field "ports": its Service "web-public" would have the name of a Service of "web-public": rename one of the two services',
    ]);
  });
});

describe('network aliases', () => {
  const compose = ['services:', '  db:', '    image: postgres:16', '    ports: ["5432"]', '    networks:', '      default: { aliases: [database, postgres] }'].join('\n');

  test('each alias is a ClusterIP Service with the service\'s pods and ports', () => {
    const manifests = synthSmallStack({ compose, environment: 'exposure: { default: none }' });
    for (const alias of ['database', 'postgres']) {
      expect(find(manifests, 'Service', alias).spec).toEqual({ ...find(manifests, 'Service', 'db').spec });
    }
  });
});

describe('networkPaths: dependencies on a stack without a reverse proxy', () => {
  const compose = [
    'services:',
    '  web:',
    '    image: shop/web:1.0',
    '    ports: ["80:8080"]',
    '    depends_on: { db: { condition: service_healthy } }',
    '  db:',
    '    image: postgres:16',
    '    expose: ["5432"]',
    '    healthcheck: { test: ["CMD", "pg_isready"], interval: 10s }',
    '  cache:',
    '    image: redis:7',
    '    ports: ["6379"]',
  ].join('\n');

  test('only the service_healthy dependency and the exposed ports are paths', () => {
    const stack = { compose: compose.replace('    expose: ["5432"]', '    ports: ["5432"]'), stack: 'networkPaths: dependencies', environment: 'exposure: { services: { db: { type: none }, cache: { type: none } } }' };
    const manifests = synthSmallStack(stack);
    const policies = manifests.filter((manifest) => manifest.kind === 'NetworkPolicy');
    const pods = podsOf(manifests);
    const open = ([OUTSIDE, ...pods] as Array<Pod | typeof OUTSIDE>).flatMap((client) => pods.filter((server) => server !== client).flatMap((server) => server.ports.filter((port) => allowed(policies, client, server, port)).map((port) => `${client === OUTSIDE ? OUTSIDE : client.workload} -> ${server.workload}:${port}`)));
    expect(open.sort()).toEqual(['Deployment/web -> Deployment/db:5432', 'outside -> Deployment/web:8080']);
  });
});

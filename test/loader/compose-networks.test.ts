import { loadSmallStack, smallStackProblems, smallStackWarnings } from '../support/small-stack';

const FILE = 'compose/docker-compose.yml';

/** The compose networks each service of a small stack is on, in the model, as `service: networks`. */
function membership(compose: string, overlay?: string): string[] {
  const [model] = loadSmallStack({ compose, overlay }).models;
  return model.services.map((service) => `${service.name}: ${(service.networks ?? []).join(', ')}`);
}

describe('compose networks: the forms compose accepts', () => {
  test('a service without networks is on default, with every other such service', () => {
    expect(membership(['services:', '  web:', '    image: web:1', '    ports: ["8080:80"]', '  db:', '    image: db:1', '    ports: ["5432"]'].join('\n'))).toEqual([
      'web: default', 'db: default',
    ]);
  });

  test('the list form and the mapping form (empty, or with aliases) join the networks they name', () => {
    const compose = [
      'services:',
      '  web:',
      '    image: web:1',
      '    ports: ["8080:80"]',
      '    networks: [front]',
      '  api:',
      '    image: api:1',
      '    ports: ["8000"]',
      '    networks:',
      '      front:',
      '      back: { aliases: [api-internal] }',
      '  db:',
      '    image: db:1',
      '    ports: ["5432"]',
      '    networks:',
      '      back: {}',
      'networks:',
      '  front:',
      '  back: {}',
    ].join('\n');
    expect(membership(compose)).toEqual(['web: front', 'api: front, back', 'db: back']);
    expect(loadSmallStack({ compose }).models[0].services.find((service) => service.name === 'api')!.aliases).toEqual(['api-internal']);
  });

  test('two keys with one name are one network', () => {
    const compose = [
      'services:',
      '  a: { image: a:1, ports: ["80"], networks: [one] }',
      '  b: { image: b:1, ports: ["81"], networks: [two] }',
      'networks:',
      '  one: { name: shared }',
      '  two: { name: shared }',
    ].join('\n');
    expect(membership(compose)).toEqual(['a: shared', 'b: shared']);
  });

  test('an overlay adds networks to a service, merged by key as compose does', () => {
    const compose = ['services:', '  a: { image: a:1, ports: ["80"], networks: [one] }', '  b: { image: b:1, ports: ["81"], networks: [two] }', 'networks:', '  one:', '  two:'].join('\n');
    expect(membership(compose, 'services:\n  b:\n    networks: [one]\n')).toEqual(['a: one', 'b: two, one']);
  });

  test('network_mode: none puts a service on no network: no path in or out', () => {
    const compose = ['services:', '  a: { image: a:1, ports: ["80"] }', '  batch: { image: b:1, network_mode: none }'].join('\n');
    const [model] = loadSmallStack({ compose }).models;
    expect(membership(compose)).toEqual(['a: default', 'batch: ']);
    expect(model.networkPaths!.filter((path) => JSON.stringify(path).includes('"batch"'))).toEqual([]);
  });

  test('driver: bridge is what a pod network is: no warning', () => {
    expect(smallStackWarnings({ compose: ['services:', '  a: { image: a:1, networks: [n] }', 'networks:', '  n: { driver: bridge }'].join('\n') })).toEqual([]);
  });
});

describe('compose networks: what has no Kubernetes meaning is ignored with a warning naming it', () => {
  test('drivers other than bridge, and the plumbing keys', () => {
    const compose = [
      'services:',
      '  a: { image: a:1, networks: { n: { priority: 10 } } }',
      'networks:',
      '  n:',
      '    driver: overlay',
      '    attachable: true',
      '    ipam: { config: [{ subnet: 172.28.0.0/16 }] }',
    ].join('\n');
    expect(smallStackWarnings({ compose })).toEqual([
      `${FILE}:2: service "a": field "networks.n.priority": ignored: a pod has one network interface, which the cluster configures`,
      `${FILE}:5: field "networks.n.driver": ignored: the "overlay" driver has no Kubernetes meaning; the pod network carries the traffic, and the NetworkPolicies decide who reaches whom`,
      `${FILE}:7: field "networks.n.ipam": ignored: it configures Docker's network, and the cluster assigns pod addresses and interfaces itself`,
      `${FILE}:6: field "networks.n.attachable": ignored: it configures Docker's network, and the cluster assigns pod addresses and interfaces itself`,
    ]);
  });

  test('an external network: its members from other stacks are not let in', () => {
    expect(smallStackWarnings({ compose: ['services:', '  a: { image: a:1, networks: [proxy] }', 'networks:', '  proxy: { external: true }'].join('\n') })).toEqual([
      `${FILE}:4: field "networks.proxy.external": network "proxy" is made outside this stack: its services here reach each other on it, but members from other stacks run in other namespaces, which the NetworkPolicies do not let in`,
    ]);
  });
});

describe('compose networks: refusals, one line naming file, service and field', () => {
  test.each([
    [
      'a network that is not declared',
      ['services:', '  a:', '    image: a:1', '    networks: [front]'],
      `${FILE}:4: service "a": field "networks.front": network "front" is not declared under the top-level networks:`,
    ],
    [
      'a fixed address',
      ['services:', '  a:', '    image: a:1', '    networks:', '      n: { ipv4_address: 172.16.238.10 }', 'networks:', '  n:'],
      `${FILE}:5: service "a": field "networks.n.ipv4_address": is refused: the cluster assigns pod addresses, and a pod gets a new one each time it starts; reach the service by its name`,
    ],
    [
      'network_mode: host',
      ['services:', '  a:', '    image: a:1', '    network_mode: host'],
      `${FILE}:4: service "a": field "network_mode": "host" is refused: a pod on the node's network bypasses every NetworkPolicy, and the restricted Pod Security profile forbids it; publish the ports instead (ports:)`,
    ],
    [
      'network_mode: service:',
      ['services:', '  a:', '    image: a:1', '  b:', '    image: b:1', '    network_mode: "service:a"'],
      `${FILE}:6: service "b": field "network_mode": "service:a" is refused: in Kubernetes only the containers of one pod share a network namespace; reach the other service by its name, or make the two one service`,
    ],
    [
      'network_mode with networks',
      ['services:', '  a:', '    image: a:1', '    network_mode: none', '    networks: [default]'],
      `${FILE}:4: service "a": field "network_mode": cannot be combined with networks:, as in compose`,
    ],
    [
      'an alias that is another service\'s name',
      ['services:', '  a:', '    image: a:1', '    networks:', '      default: { aliases: [b] }', '  b:', '    image: b:1'],
      `${FILE}:5: service "a": field "networks.default.aliases": "b" is already the name of service "b" or one of its aliases: a Service name is unique in the namespace`,
    ],
    [
      'an alias that is not a DNS label',
      ['services:', '  a:', '    image: a:1', '    networks:', '      default: { aliases: [My_Name] }'],
      `${FILE}:5: service "a": field "networks.default.aliases.0": "My_Name" is not a valid Service name (a DNS label: lower-case letters, digits and "-")`,
    ],
    [
      'internal that is not a boolean',
      ['services:', '  a: { image: a:1, networks: [n] }', 'networks:', '  n: { internal: "yes" }'],
      `${FILE}:4: field "networks.n.internal": must be true or false`,
    ],
  ])('%s', (_, lines, expected) => {
    expect(smallStackProblems({ compose: lines.join('\n') })).toEqual([expected]);
  });

  test('an unknown networkPaths mode in stack.yaml', () => {
    expect(smallStackProblems({ compose: 'services:\n  a: { image: a:1 }\n', stack: 'networkPaths: everything' })).toEqual([
      expect.stringMatching(/^environments\/stack\.yaml:\d+: field "networkPaths": "everything" is not a way to derive network paths; use compose \(services on a shared compose network reach each other\) or dependencies \(only routes and service_healthy dependencies\)$/),
    ]);
  });
});

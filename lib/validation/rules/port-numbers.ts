import { containersWithPaths, isWholeNumber, POD_KINDS, podSpecWithPath, quote, type FieldProblem, type ValidationRule } from '../rule';

/** IANA service name: what a container port's name (and a named target port) must be. */
const IANA_SERVICE_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

/** Why `name` is not an IANA service name (at most 15 characters, a letter, no "--"), or undefined. */
export function notPortName(name: unknown): string | undefined {
  if (typeof name !== 'string' || !IANA_SERVICE_NAME.test(name) || name.includes('--') || !/[a-z]/.test(name)) {
    return `${quote(name)} is not a port name (lower-case letters, digits and single "-", with at least one letter)`;
  }
  return name.length > 15 ? `"${name}" is longer than 15 characters, the most a port name may hold` : undefined;
}

function checkPort(value: unknown, field: string, problems: FieldProblem[], names?: boolean): void {
  if (typeof value === 'string' && names) {
    const problem = notPortName(value);
    if (problem) problems.push({ field, message: problem });
  } else if (!isWholeNumber(value, 1, 65535)) {
    problems.push({ field, message: `${quote(value)} is not a port number (1-65535)` });
  }
}

/**
 * Port numbers within 1-65535 (a host port may be 0, meaning none), port names as IANA service names
 * of at most 15 characters, unique within a container; a Service's ports named when there are
 * several, with unique names and unique port/protocol pairs. The schema only says "integer".
 */
export const portNumbers: ValidationRule = {
  name: 'port-numbers',
  description: 'Ports are numbered 1-65535, named as IANA service names of at most 15 characters, and unique where the API server demands it.',
  kinds: [...POD_KINDS, 'Service'],
  check: (manifest) => {
    const problems: FieldProblem[] = [];
    const pod = podSpecWithPath(manifest);
    for (const { container, path } of pod ? containersWithPaths(pod) : []) {
      const names = new Set<string>();
      (container.ports ?? []).forEach((port: any, index: number) => {
        const field = `${path}.ports[${port?.name ?? index}]`;
        checkPort(port?.containerPort, `${field}.containerPort`, problems);
        if (port?.hostPort !== undefined && port.hostPort !== 0) checkPort(port.hostPort, `${field}.hostPort`, problems);
        if (port?.name !== undefined) {
          const problem = notPortName(port.name);
          if (problem) problems.push({ field: `${field}.name`, message: problem });
          if (names.has(port.name)) problems.push({ field: `${field}.name`, message: `"${port.name}" names two ports of this container` });
          names.add(port.name);
        }
      });
      for (const probe of ['readinessProbe', 'livenessProbe', 'startupProbe']) {
        const handler = container[probe]?.httpGet ?? container[probe]?.tcpSocket;
        if (handler?.port !== undefined) checkPort(handler.port, `${path}.${probe}.${container[probe].httpGet ? 'httpGet' : 'tcpSocket'}.port`, problems, true);
      }
    }
    if (manifest.kind === 'Service') {
      const ports: any[] = manifest.spec?.ports ?? [];
      const names = new Set<string>();
      const pairs = new Set<string>();
      ports.forEach((port, index) => {
        const field = `spec.ports[${port?.name ?? index}]`;
        checkPort(port?.port, `${field}.port`, problems);
        if (port?.targetPort !== undefined) checkPort(port.targetPort, `${field}.targetPort`, problems, true);
        if (port?.nodePort !== undefined) checkPort(port.nodePort, `${field}.nodePort`, problems);
        if (ports.length > 1 && !port?.name) problems.push({ field: `${field}.name`, message: 'is required: a Service with more than one port names each' });
        if (port?.name !== undefined) {
          if (names.has(port.name)) problems.push({ field: `${field}.name`, message: `"${port.name}" names two ports of this Service` });
          names.add(port.name);
        }
        const pair = `${port?.port}/${port?.protocol ?? 'TCP'}`;
        if (pairs.has(pair)) problems.push({ field: `${field}.port`, message: `${pair} is listed twice` });
        pairs.add(pair);
      });
    }
    return problems;
  },
};

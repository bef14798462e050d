import { podSpecOf, type Policy } from './policy';

/** An IANA service name, as Kubernetes requires for port names: at most 15 lower-case letters, digits and single dashes, with a letter. */
const PORT_NAME = /^(?=.{1,15}$)(?=.*[a-z])[a-z0-9]+(-[a-z0-9]+)*$/;

/**
 * Services and probes reach container ports by name; a name the API does not accept, or one used twice
 * in a container, makes that reference fail or land on the wrong port.
 */
export const validPortNames: Policy = {
  name: 'valid-port-names',
  description: 'Every named container port and Service port has a valid IANA name, unique within its container or Service, and every container port a number.',
  severity: 'danger',
  follows: [
    { tool: 'kube-linter', check: 'invalid-target-ports' },
    { tool: 'kube-score', check: 'container-ports-check' },
  ],
  check: (manifest) => {
    const violations: string[] = [];
    const checkNames = (subject: string, names: readonly (string | undefined)[]) => {
      const given = names.filter((name): name is string => name !== undefined);
      for (const name of given) if (!PORT_NAME.test(name)) violations.push(`${subject} has port name "${name}", not a valid IANA name (at most 15 lower-case letters, digits and dashes)`);
      for (const name of new Set(given.filter((name, index) => given.indexOf(name) !== index))) violations.push(`${subject} names two ports "${name}"`);
    };
    for (const container of podSpecOf(manifest)?.containers ?? []) {
      const subject = `container "${container.name}"`;
      checkNames(subject, (container.ports ?? []).map((port) => port.name));
      for (const port of container.ports ?? []) if (!port.containerPort) violations.push(`${subject} has a port without containerPort`);
    }
    if (manifest.kind === 'Service') {
      const ports: Array<{ name?: string; targetPort?: number | string }> = manifest.spec?.ports ?? [];
      checkNames('the Service', ports.map((port) => port.name));
      for (const port of ports) {
        if (typeof port.targetPort === 'string' && !PORT_NAME.test(port.targetPort)) violations.push(`the Service targets port "${port.targetPort}", not a valid port name`);
      }
    }
    return violations;
  },
};

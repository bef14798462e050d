import { checkContainers, type Policy } from './policy';

/**
 * When a container lists one variable twice, the last one wins, silently: the first value, which a
 * reviewer reads, is not the one the process gets. (Variables from envFrom may be overridden on
 * purpose; a repeated name within env never is.)
 */
export const uniqueEnvNames: Policy = {
  name: 'unique-env-names',
  description: 'No container lists the same variable name twice in env.',
  severity: 'danger',
  follows: [
    { tool: 'kube-linter', check: 'duplicate-env-var' },
    { tool: 'kube-score', check: 'environment-variable-key-duplication' },
  ],
  check: (manifest) =>
    checkContainers(manifest, ({ container, subject }) => {
      const names = (container.env ?? []).map((variable) => variable.name);
      const repeated = [...new Set(names.filter((name, index) => names.indexOf(name) !== index))];
      return repeated.map((name) => `${subject} sets ${name} more than once: only the last value counts; keep one`);
    }),
};

import { checkContainers, type Policy } from './policy';
import { holdsPrivateKey, looksSensitive } from './sensitive-names';

/**
 * A variable written into the pod template is in git, in every rendered manifest and in `kubectl get -o
 * yaml` for anyone who may read the workload. One named like a credential must come from a Secret
 * (`valueFrom.secretKeyRef`), which is where this project's secrets always are.
 */
export const noSensitiveEnvValue: Policy = {
  name: 'no-sensitive-env-value',
  description: 'No container variable named like a credential has a literal value, and no literal value holds a private key.',
  severity: 'danger',
  follows: [
    { tool: 'polaris', check: 'sensitiveContainerEnvVar' },
    { tool: 'kube-linter', check: 'env-var-secret' },
  ],
  check: (manifest) =>
    checkContainers(manifest, ({ container, subject }) =>
      (container.env ?? []).flatMap((variable) => {
        if (variable.value === undefined) return [];
        const violations: string[] = [];
        if (looksSensitive(variable.name)) {
          violations.push(`${subject} sets ${variable.name}, named like a credential, to a literal value: take it from a Secret (valueFrom.secretKeyRef)`);
        }
        if (holdsPrivateKey(variable.value)) violations.push(`${subject} sets ${variable.name} to a private key: take it from a Secret`);
        return violations;
      }),
    ),
};

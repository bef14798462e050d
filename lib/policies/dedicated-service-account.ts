import { findManifest, podSpecOf, type Policy } from './policy';

/**
 * Every pod gets an API token for its service account unless told otherwise. The namespace's `default`
 * account is shared by everything that names none, so any permission granted to it leaks to all of them;
 * and a token the application never uses is a credential for an intruder. The pod's
 * automountServiceAccountToken wins over the ServiceAccount's.
 */
export const dedicatedServiceAccount: Policy = {
  name: 'dedicated-service-account',
  description:
    'Each pod names a rendered serviceAccountName other than default (not the deprecated serviceAccount) and does not mount its token (automountServiceAccountToken: false on the pod or its ServiceAccount).',
  severity: 'danger',
  follows: [
    { tool: 'polaris', check: 'automountServiceAccountToken' },
    { tool: 'kube-linter', check: 'default-service-account' },
    { tool: 'kube-linter', check: 'non-existent-service-account' },
    { tool: 'kube-linter', check: 'deprecated-service-account-field' },
  ],
  check: (manifest, context) => {
    const pod = podSpecOf(manifest);
    if (!pod) return [];
    const violations: string[] = [];
    const accountName = pod.serviceAccountName ?? 'default';
    if (accountName === 'default') {
      violations.push(`pod runs as the namespace's default service account: set serviceAccountName to an account of its own`);
    }
    const account = findManifest(context.manifests, 'ServiceAccount', accountName, manifest.metadata.namespace);
    // A pod naming an account that does not exist is never created: its controller retries forever.
    if (accountName !== 'default' && !account) violations.push(`pod names service account "${accountName}", which is not rendered: add it`);
    if ((pod as { serviceAccount?: string }).serviceAccount !== undefined) {
      violations.push('pod sets the deprecated serviceAccount field: name the account with serviceAccountName only');
    }
    if (pod.automountServiceAccountToken === true) {
      violations.push(`pod mounts its service account token (automountServiceAccountToken: true): set it to false`);
    } else if (pod.automountServiceAccountToken === undefined) {
      if (account?.automountServiceAccountToken !== false) {
        violations.push(
          `pod mounts the token of service account "${accountName}": set automountServiceAccountToken: false on the pod or the ServiceAccount`,
        );
      }
    }
    return violations;
  },
};

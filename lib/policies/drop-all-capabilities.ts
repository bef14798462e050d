import { checkContainers, type Policy } from './policy';

/** The only capability the restricted Pod Security Standard lets a container add back. */
const ALLOWED_ADDED_CAPABILITY = 'NET_BIND_SERVICE';

/**
 * Container runtimes grant a default set of Linux capabilities (CHOWN, SETUID, NET_RAW, ...) that an
 * application rarely needs and an attacker often does. Dropping ALL keeps only what is added back on purpose.
 */
export const dropAllCapabilities: Policy = {
  name: 'drop-all-capabilities',
  description: `Every container drops ALL capabilities and adds none but ${ALLOWED_ADDED_CAPABILITY}.`,
  severity: 'danger',
  follows: [
    { tool: 'pss', check: 'Capabilities' },
    { tool: 'polaris', check: 'dangerousCapabilities' },
    { tool: 'polaris', check: 'insecureCapabilities' },
    { tool: 'kube-linter', check: 'drop-net-raw-capability' },
  ],
  check: (manifest) =>
    checkContainers(manifest, ({ container, subject }) => {
      const capabilities = container.securityContext?.capabilities;
      const violations: string[] = [];
      if (!capabilities?.drop?.includes('ALL')) violations.push(`${subject} keeps the runtime's default capabilities: drop ALL`);
      const added = (capabilities?.add ?? []).filter((capability) => capability !== ALLOWED_ADDED_CAPABILITY);
      if (added.length > 0) {
        violations.push(`${subject} adds capabilities ${added.join(', ')}: only ${ALLOWED_ADDED_CAPABILITY} may be added`);
      }
      return violations;
    }),
};

import { containersOf, podSpecOf, type Policy } from './policy';

/**
 * The sysctls the baseline profile (v1.34) counts as safe: namespaced, and isolated from other pods.
 * Pod Security admission's list grew by version: ip_local_reserved_ports in 1.27, the four TCP keepalive
 * and fin timeouts in 1.29, tcp_rmem and tcp_wmem in 1.32.
 */
const SAFE_SYSCTLS = [
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_local_reserved_ports',
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
  'net.ipv4.tcp_rmem',
  'net.ipv4.tcp_wmem',
];
/** SELinux types the baseline profile admits. */
const SELINUX_TYPES = ['container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t'];

/**
 * The baseline controls on how a container meets the kernel, which the restricted profile includes:
 * unsafe sysctls change the node for everyone, an Unmasked /proc exposes the host's, an Unconfined AppArmor
 * profile or a custom SELinux user or role lifts the node's confinement, and HostProcess is host access on
 * Windows nodes.
 */
export const baselineKernelOptions: Policy = {
  name: 'baseline-kernel-options',
  description: 'Only safe sysctls; /proc mounted Default; no Unconfined AppArmor; SELinux only of the admitted types, no user or role; no HostProcess.',
  severity: 'danger',
  follows: [
    { tool: 'pss', check: 'Sysctls' },
    { tool: 'pss', check: '/proc Mount Type' },
    { tool: 'pss', check: 'AppArmor' },
    { tool: 'pss', check: 'SELinux' },
    { tool: 'pss', check: 'HostProcess' },
    { tool: 'kube-linter', check: 'unsafe-sysctls' },
    { tool: 'kube-linter', check: 'unsafe-proc-mount' },
    { tool: 'polaris', check: 'procMount' },
    { tool: 'polaris', check: 'hostProcess' },
  ],
  check: (manifest) => {
    const pod = podSpecOf(manifest);
    if (!pod) return [];
    const violations: string[] = [];
    for (const sysctl of pod.securityContext?.sysctls ?? []) {
      if (!SAFE_SYSCTLS.includes(sysctl.name)) violations.push(`sets sysctl ${sysctl.name}, which is not in the safe set: remove it`);
    }
    const contexts = [
      { subject: 'the pod', context: pod.securityContext },
      ...containersOf(pod).map(({ container, subject }) => ({ subject, context: container.securityContext })),
    ];
    for (const { subject, context } of contexts) {
      if (!context) continue;
      if ('procMount' in context && context.procMount !== undefined && context.procMount !== 'Default') {
        violations.push(`${subject} mounts /proc ${context.procMount}: use Default`);
      }
      if (context.appArmorProfile?.type === 'Unconfined') violations.push(`${subject} runs AppArmor Unconfined: use RuntimeDefault`);
      const selinux = context.seLinuxOptions;
      if (selinux?.type !== undefined && !SELINUX_TYPES.includes(selinux.type)) violations.push(`${subject} sets SELinux type ${selinux.type}: use one of ${SELINUX_TYPES.join(', ')}`);
      if (selinux?.user !== undefined || selinux?.role !== undefined) violations.push(`${subject} sets an SELinux user or role: leave them to the runtime`);
      if (context.windowsOptions?.hostProcess === true) violations.push(`${subject} runs as a Windows HostProcess: remove hostProcess`);
    }
    return violations;
  },
};

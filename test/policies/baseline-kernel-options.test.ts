import { baselineKernelOptions } from '../../lib/policies/baseline-kernel-options';
import type { Manifest } from '../../lib/policies/policy';
import { compliantDeployment, contextOf, initContainer, mainContainer, podSpec } from './fixtures';

const check = (manifest: Manifest) => baselineKernelOptions.check(manifest, contextOf([manifest]));

describe('baseline-kernel-options', () => {
  test('passes a pod with none of these options, and safe sysctls with admitted SELinux and AppArmor settings', () => {
    expect(check(compliantDeployment())).toEqual([]);
    const deployment = compliantDeployment();
    Object.assign(podSpec(deployment).securityContext, {
      sysctls: [{ name: 'net.ipv4.ip_local_port_range', value: '1024 65535' }, { name: 'net.ipv4.tcp_keepalive_time', value: '600' }],
      seLinuxOptions: { type: 'container_t', level: 's0:c123,c456' },
      appArmorProfile: { type: 'RuntimeDefault' },
    });
    mainContainer(deployment).securityContext.procMount = 'Default';
    expect(check(deployment)).toEqual([]);
  });

  test('passes the TCP buffer sysctls Pod Security admission counts as safe since 1.32, and still reports the node-wide ones', () => {
    const deployment = compliantDeployment();
    podSpec(deployment).securityContext.sysctls = [
      { name: 'net.ipv4.tcp_rmem', value: '4096 87380 6291456' },
      { name: 'net.ipv4.tcp_wmem', value: '4096 16384 4194304' },
      { name: 'net.ipv4.tcp_mem', value: '65536 131072 262144' },
    ];
    expect(check(deployment)).toEqual(['sets sysctl net.ipv4.tcp_mem, which is not in the safe set: remove it']);
  });

  test("reports kube-linter's documented unsafe-sysctls example (kernel.msg…, net.core…)", () => {
    const deployment = compliantDeployment();
    podSpec(deployment).securityContext.sysctls = [{ name: 'kernel.msgmax', value: '65536' }, { name: 'net.core.somaxconn', value: '1024' }];
    expect(check(deployment)).toEqual([
      'sets sysctl kernel.msgmax, which is not in the safe set: remove it',
      'sets sysctl net.core.somaxconn, which is not in the safe set: remove it',
    ]);
  });

  test("reports kube-linter's documented unsafe-proc-mount example (procMount: Unmasked), in an init container too", () => {
    const deployment = compliantDeployment();
    initContainer(deployment).securityContext.procMount = 'Unmasked';
    expect(check(deployment)).toEqual(['init container "wait-for-db" mounts /proc Unmasked: use Default']);
  });

  test('reports an Unconfined AppArmor profile, a custom SELinux type or user, and a Windows HostProcess', () => {
    const deployment = compliantDeployment();
    podSpec(deployment).securityContext.appArmorProfile = { type: 'Unconfined' };
    mainContainer(deployment).securityContext.seLinuxOptions = { type: 'spc_t', user: 'system_u' };
    mainContainer(deployment).securityContext.windowsOptions = { hostProcess: true };
    expect(check(deployment)).toEqual([
      'the pod runs AppArmor Unconfined: use RuntimeDefault',
      'container "backend" sets SELinux type spc_t: use one of container_t, container_init_t, container_kvm_t, container_engine_t',
      'container "backend" sets an SELinux user or role: leave them to the runtime',
      'container "backend" runs as a Windows HostProcess: remove hostProcess',
    ]);
  });
});

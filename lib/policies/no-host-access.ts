import { containersOf, podSpecOf, type Policy } from './policy';

/**
 * Host namespaces, host paths, privileged mode and host ports each let a pod reach the node itself: its
 * processes, files, devices or network. The baseline Pod Security Standard forbids all of them.
 */
export const noHostAccess: Policy = {
  name: 'no-host-access',
  description: 'No hostNetwork, hostPID or hostIPC, no hostPath volumes, no privileged containers and no hostPort.',
  severity: 'danger',
  follows: [
    { tool: 'pss', check: 'Host Namespaces' },
    { tool: 'pss', check: 'Privileged Containers' },
    { tool: 'pss', check: 'HostPath Volumes' },
    { tool: 'pss', check: 'Host Ports' },
    { tool: 'polaris', check: 'hostIPCSet' },
    { tool: 'polaris', check: 'hostPIDSet' },
    { tool: 'polaris', check: 'hostNetworkSet' },
    { tool: 'polaris', check: 'hostPathSet' },
    { tool: 'polaris', check: 'hostPortSet' },
    { tool: 'polaris', check: 'runAsPrivileged' },
    { tool: 'kube-linter', check: 'host-ipc' },
    { tool: 'kube-linter', check: 'host-pid' },
    { tool: 'kube-linter', check: 'host-network' },
    { tool: 'kube-linter', check: 'privileged-container' },
    { tool: 'kube-linter', check: 'sensitive-host-mounts' },
    { tool: 'kube-linter', check: 'docker-sock' },
  ],
  check: (manifest) => {
    const pod = podSpecOf(manifest);
    if (!pod) return [];
    const violations: string[] = [];
    if (pod.hostNetwork) violations.push(`pod uses the node's network (hostNetwork: true)`);
    if (pod.hostPID) violations.push(`pod sees the node's processes (hostPID: true)`);
    if (pod.hostIPC) violations.push(`pod shares the node's IPC namespace (hostIPC: true)`);
    for (const volume of pod.volumes ?? []) {
      if (volume.hostPath) violations.push(`volume "${volume.name}" mounts the node's path ${volume.hostPath.path} (hostPath): use a PersistentVolumeClaim or an emptyDir`);
    }
    for (const { container, subject } of containersOf(pod)) {
      if (container.securityContext?.privileged) violations.push(`${subject} is privileged`);
      for (const port of container.ports ?? []) {
        if (port.hostPort) violations.push(`${subject} binds port ${port.hostPort} of the node (hostPort): expose it through a Service`);
      }
    }
    return violations;
  },
};

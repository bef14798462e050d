import { containersOf, podSpecOf, type Policy } from './policy';

/**
 * Host namespaces, host paths, privileged mode and host ports each let a pod reach the node itself: its
 * processes, files, devices or network. A probe or hook with a `host` makes the kubelet, from the node,
 * connect wherever it says (the node's own services, anything the node reaches). The baseline Pod Security
 * Standard forbids all of them, the probe and hook hosts since v1.34.
 */
export const noHostAccess: Policy = {
  name: 'no-host-access',
  description: 'No hostNetwork, hostPID or hostIPC, no hostPath volumes, no privileged containers, no hostPort, and no host in a probe or lifecycle hook.',
  severity: 'danger',
  follows: [
    { tool: 'pss', check: 'Host Namespaces' },
    { tool: 'pss', check: 'Privileged Containers' },
    { tool: 'pss', check: 'HostPath Volumes' },
    { tool: 'pss', check: 'Host Ports' },
    { tool: 'pss', check: 'Host Probes / Lifecycle Hooks' },
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
      const handlers = {
        livenessProbe: container.livenessProbe,
        readinessProbe: container.readinessProbe,
        startupProbe: container.startupProbe,
        'lifecycle.postStart': container.lifecycle?.postStart,
        'lifecycle.preStop': container.lifecycle?.preStop,
      };
      for (const [field, handler] of Object.entries(handlers)) {
        // Admission allows the field absent or empty only.
        const host = handler?.httpGet?.host || handler?.tcpSocket?.host;
        if (host) violations.push(`${subject}'s ${field} connects to host "${host}": leave host out so the kubelet connects to the pod`);
      }
    }
    return violations;
  },
};

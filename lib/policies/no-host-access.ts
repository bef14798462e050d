import { containersOf, podSpecOf, type Policy } from './policy';

/**
 * Host namespaces, host paths, privileged mode and host ports each let a pod reach the node itself: its
 * processes, files, devices or network. The baseline Pod Security Standard forbids all of them.
 */
export const noHostAccess: Policy = {
  name: 'no-host-access',
  description: 'No hostNetwork, hostPID or hostIPC, no hostPath volumes, no privileged containers and no hostPort.',
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

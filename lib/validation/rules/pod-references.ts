import { containersWithPaths, notDnsLabel, POD_KINDS, podSpecWithPath, quote, type FieldProblem, type ValidationRule } from '../rule';

/** What Kubernetes 1.27 accepts as an environment variable name. */
const ENV_VAR_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

/**
 * Inside a pod: container names (init containers included) and volume names are DNS-1123 labels,
 * unique; every volume mount names a volume of the pod, at most once per path; environment variable
 * names are in the accepted format.
 */
export const podReferences: ValidationRule = {
  name: 'pod-references',
  description: 'Containers and volumes of a pod have unique DNS-label names, every mount names a volume of the pod, and variable names are valid.',
  kinds: POD_KINDS,
  check: (manifest) => {
    const pod = podSpecWithPath(manifest);
    if (!pod?.spec) return [];
    const problems: FieldProblem[] = [];
    const volumes = new Set<string>();
    for (const volume of pod.spec.volumes ?? []) {
      const field = `${pod.path}.volumes[${volume?.name}]`;
      const problem = notDnsLabel(volume?.name);
      if (problem) problems.push({ field: `${field}.name`, message: problem });
      if (volumes.has(volume?.name)) problems.push({ field: `${field}.name`, message: `"${volume.name}" names two volumes of this pod` });
      volumes.add(volume?.name);
    }
    // Claim templates are volumes of the StatefulSet's pods too.
    for (const template of manifest.kind === 'StatefulSet' ? manifest.spec?.volumeClaimTemplates ?? [] : []) volumes.add(template?.metadata?.name);
    const containers = new Set<string>();
    for (const { container, path } of containersWithPaths(pod)) {
      const problem = notDnsLabel(container?.name);
      if (problem) problems.push({ field: `${path}.name`, message: problem });
      if (containers.has(container?.name)) problems.push({ field: `${path}.name`, message: `"${container.name}" names two containers of this pod` });
      containers.add(container?.name);
      const paths = new Set<string>();
      for (const mount of container?.volumeMounts ?? []) {
        const field = `${path}.volumeMounts[${mount?.name}]`;
        if (!volumes.has(mount?.name)) problems.push({ field: `${field}.name`, message: `names volume ${quote(mount?.name)}, which the pod does not have` });
        if (paths.has(mount?.mountPath)) problems.push({ field: `${field}.mountPath`, message: `${quote(mount?.mountPath)} is mounted twice in this container` });
        paths.add(mount?.mountPath);
      }
      for (const variable of container?.env ?? []) {
        if (typeof variable?.name !== 'string' || !ENV_VAR_NAME.test(variable.name)) {
          problems.push({ field: `${path}.env[${variable?.name}]`, message: `${quote(variable?.name)} is not a valid environment variable name` });
        }
      }
    }
    return problems;
  },
};

import { notDnsLabel, notDnsSubdomain, type ValidationRule } from '../rule';

/**
 * The name format the API server demands of each kind (Kubernetes 1.27): a Service name becomes a DNS
 * label and must start with a letter (DNS-1035); a Namespace is a DNS-1123 label; a Job's name is also
 * its pods' `job-name` label, so at most 63 characters; a CronJob's at most 52 (its Jobs add 11); a
 * StatefulSet's pods carry `controller-revision-hash: <name>-<hash>`, a label value, so at most 52 too.
 * Everything else is a DNS-1123 subdomain.
 */
export const objectNames: ValidationRule = {
  name: 'object-names',
  description: 'Every object has a name of the format and length the API server accepts for its kind.',
  check: (manifest) => {
    const name = manifest.metadata?.name;
    let problem: string | undefined;
    switch (manifest.kind) {
      case 'Service':
        problem = notDnsLabel(name) ?? (/^[a-z]/.test(name) ? undefined : `"${name}" must start with a letter (a Service name is a DNS-1035 label)`);
        break;
      case 'Namespace':
        problem = notDnsLabel(name);
        break;
      case 'Job':
        problem = notDnsSubdomain(name) ?? (name.length > 63 ? `"${name}" is longer than 63 characters: a Job's name is its pods' job-name label` : undefined);
        break;
      case 'CronJob':
        problem = notDnsSubdomain(name, 52);
        break;
      case 'StatefulSet':
        problem = notDnsLabel(name, 52);
        break;
      default:
        problem = notDnsSubdomain(name);
    }
    const problems = problem ? [{ field: 'metadata.name', message: problem }] : [];
    const namespace = manifest.metadata?.namespace;
    if (namespace !== undefined) {
      const namespaceProblem = notDnsLabel(namespace);
      if (namespaceProblem) problems.push({ field: 'metadata.namespace', message: namespaceProblem });
    }
    return problems;
  },
};

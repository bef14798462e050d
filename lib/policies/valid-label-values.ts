import type { Manifest, Policy } from './policy';

/** A label value: empty, or at most 63 characters, alphanumerics with `-`, `_` and `.` inside. */
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** The labels of the object and, for a workload, of its pod template, with where each sits. */
function labelSets(manifest: Manifest): Array<[string, Record<string, string>]> {
  const sets: Array<[string, Record<string, string>]> = [['metadata.labels', manifest.metadata.labels ?? {}]];
  const template = manifest.kind === 'CronJob' ? manifest.spec?.jobTemplate?.spec?.template : manifest.spec?.template;
  if (template?.metadata?.labels) sets.push(['the pod template', template.metadata.labels]);
  return sets;
}

/** The API server refuses an object with an invalid label value, and the whole sync with it. */
export const validLabelValues: Policy = {
  name: 'valid-label-values',
  description: 'Every label value of an object and of its pod template is a valid label value (63 characters at most, alphanumerics, "-", "_", ".").',
  severity: 'danger',
  follows: [{ tool: 'kube-score', check: 'label-values' }],
  check: (manifest) =>
    labelSets(manifest).flatMap(([where, labels]) =>
      Object.entries(labels)
        .filter(([, value]) => typeof value !== 'string' || value.length > 63 || !LABEL_VALUE.test(value))
        .map(([key, value]) => `${where} ${key}=${String(value)} is not a valid label value: at most 63 alphanumerics, "-", "_" and "."`),
    ),
};

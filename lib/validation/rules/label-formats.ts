import { notLabelValue, notQualifiedName, podSpecWithPath, type FieldProblem, type ValidationRule } from '../rule';

/** The API server refuses annotations whose keys and values together exceed 256 KiB. */
const MAX_ANNOTATIONS_BYTES = 256 * 1024;

function checkLabels(labels: unknown, path: string, problems: FieldProblem[]): void {
  if (!labels || typeof labels !== 'object') return;
  for (const [key, value] of Object.entries(labels)) {
    const problem = notQualifiedName(key) ?? notLabelValue(value);
    if (problem) problems.push({ field: `${path}[${key}]`, message: problem });
  }
}

/**
 * Label keys and values, and annotation keys, in the formats the API server accepts: a renamed stack
 * or a long environment name can push `app.kubernetes.io/instance` past 63 characters, which no schema
 * notices. Selectors are labels too.
 */
export const labelFormats: ValidationRule = {
  name: 'label-formats',
  description: 'Labels (of objects, pod templates and selectors) and annotation keys are in the formats and lengths the API server accepts.',
  check: (manifest) => {
    const problems: FieldProblem[] = [];
    checkLabels(manifest.metadata?.labels, 'metadata.labels', problems);
    const pod = podSpecWithPath(manifest);
    if (pod?.labelsPath) checkLabels(pod.labels, pod.labelsPath, problems);
    checkLabels(manifest.spec?.selector?.matchLabels, 'spec.selector.matchLabels', problems);
    if (manifest.kind === 'Service') checkLabels(manifest.spec?.selector, 'spec.selector', problems);
    const annotations = manifest.metadata?.annotations ?? {};
    // A character is at most 3 bytes in UTF-8 (4 for a pair of UTF-16 units): count bytes only when it may matter.
    let characters = 0;
    for (const [key, value] of Object.entries(annotations)) {
      const problem = notQualifiedName(key);
      if (problem) problems.push({ field: `metadata.annotations[${key}]`, message: problem });
      characters += key.length + String(value).length;
    }
    const bytes = characters * 3 > MAX_ANNOTATIONS_BYTES ? Object.entries(annotations).reduce((sum, [key, value]) => sum + Buffer.byteLength(key) + Buffer.byteLength(String(value)), 0) : 0;
    if (bytes > MAX_ANNOTATIONS_BYTES) problems.push({ field: 'metadata.annotations', message: `the annotations hold ${bytes} bytes; the API server accepts at most ${MAX_ANNOTATIONS_BYTES}` });
    return problems;
  },
};

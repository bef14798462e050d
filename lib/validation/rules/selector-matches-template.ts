import { selects } from '../../policies/policy';
import type { ValidationRule } from '../rule';

const SELECTING_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet'];

/**
 * A workload's selector must be non-empty and select its own pod template ("selector does not match
 * template labels"); otherwise the API server refuses it. A Job's selector is generated unless
 * `manualSelector` is set, and then must match too.
 */
export const selectorMatchesTemplate: ValidationRule = {
  name: 'selector-matches-template',
  description: "A workload's selector is non-empty and selects the labels of its pod template.",
  kinds: [...SELECTING_KINDS, 'Job'],
  check: (manifest) => {
    const manual = manifest.kind === 'Job' && manifest.spec?.manualSelector === true;
    if (!SELECTING_KINDS.includes(manifest.kind) && !manual) return [];
    const selector = manifest.spec?.selector;
    const labels = manifest.spec?.template?.metadata?.labels ?? {};
    if (!selector || (Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0)) {
      return [{ field: 'spec.selector', message: 'is required and must not be empty: it is how the workload finds its pods' }];
    }
    return selects(selector, labels) ? [] : [{ field: 'spec.selector', message: 'does not select the labels of spec.template.metadata.labels: the workload would not own its own pods' }];
  },
};

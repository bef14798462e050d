import { podLabelsOf, selects, type Policy } from './policy';

const SELECTING_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet'];

/**
 * A workload whose selector does not match its own pod template's labels is refused by the API server;
 * one whose selector is wider than it should be adopts, and then scales away, another workload's pods.
 * The selector must at least select the template's pods.
 */
export const selectorMatchesTemplate: Policy = {
  name: 'selector-matches-template',
  description: "Every Deployment, StatefulSet and DaemonSet has a selector that selects its own pod template's labels.",
  severity: 'danger',
  follows: [{ tool: 'kube-linter', check: 'mismatching-selector' }],
  check: (manifest) => {
    if (!SELECTING_KINDS.includes(manifest.kind)) return [];
    return selects(manifest.spec?.selector, podLabelsOf(manifest))
      ? []
      : ["has a selector that does not select its own pod template's labels: make the template carry every selector label"];
  },
};

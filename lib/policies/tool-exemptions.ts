import { exempts, policyNamed } from './exceptions';
import type { Manifest, PolicyException, ToolCheck } from './policy';

/**
 * The linters' own exemption mechanisms, written on the objects a declared exception covers, so that a
 * real run of Polaris, kube-score or kube-linter on dist/ accepts what the policy suite accepts, for the
 * same reason, and nothing more. Pod Security admission has no per-object exemption (the namespace
 * enforces the profile), so an exception to a rule that follows it can only fail at admission.
 *
 * These annotations are only ever written here, from `securityExceptions`: a test keeps every exemption
 * annotation in dist/ traceable to its exception.
 */

/** The annotation prefixes of each linter's exemption mechanism. */
export const EXEMPTION_ANNOTATION_PREFIXES = ['polaris.fairwinds.com/', 'kube-score/ignore', 'ignore-check.kube-linter.io/'] as const;

const KUBE_SCORE_IGNORE = 'kube-score/ignore';

/** The annotations that exempt an object from `checks`, each with the exception's reason where the tool keeps one. */
export function exemptionAnnotations(checks: ReadonlyArray<{ readonly check: ToolCheck; readonly reason: string }>): Record<string, string> {
  const annotations: Record<string, string> = {};
  const ignoredByKubeScore = new Set<string>();
  for (const { check, reason } of checks) {
    if (check.tool === 'polaris') annotations[`polaris.fairwinds.com/${check.check}-exempt`] = 'true';
    // kube-linter keeps the reason with the exemption; reasons are prose, kept on one line.
    if (check.tool === 'kube-linter') annotations[`ignore-check.kube-linter.io/${check.check}`] = reason.replace(/\s+/g, ' ').trim();
    if (check.tool === 'kube-score') ignoredByKubeScore.add(check.check);
  }
  if (ignoredByKubeScore.size > 0) annotations[KUBE_SCORE_IGNORE] = [...ignoredByKubeScore].sort().join(',');
  return Object.fromEntries(Object.entries(annotations).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * Adds to each object the exemption annotations of the exceptions that accept one of its findings: an
 * exception annotates exactly the objects its rule reports, with the tool checks that rule follows.
 * Returns new objects; the input is not changed.
 */
export function withToolExemptions(environment: string, manifests: readonly Manifest[], exceptions: readonly PolicyException[]): Manifest[] {
  // The linters know no production: they check every rule in every environment, so an exemption is
  // written wherever the rule's check reports, production or not.
  const context = { environment, manifests, production: true };
  const applicable = exceptions
    .filter((exception) => exception.environments === undefined || exception.environments.includes(environment))
    .flatMap((exception) => {
      const policy = policyNamed(exception.rule);
      return policy ? [{ exception, policy }] : [];
    });
  if (applicable.length === 0) return [...manifests];
  return manifests.map((manifest) => {
    const checks = applicable.flatMap(({ exception, policy }) =>
      exempts(exception, policy.name, environment, manifest) && policy.check(manifest, context).length > 0
        ? policy.follows.map((check) => ({ check, reason: exception.reason }))
        : [],
    );
    if (checks.length === 0) return manifest;
    const annotations = { ...manifest.metadata.annotations, ...exemptionAnnotations(checks) };
    return { ...manifest, metadata: { ...manifest.metadata, annotations } };
  });
}

import { named, objectName, type Manifest } from '../objects';
import { podSpecOf } from '../../policies/policy';
import { claimNames, claimTemplatesOf, fieldFinding, leavesWithItsNamespace, namespaceOption, SERVICE_LABEL, syncOptions, type ComparisonContext, type Day2Rule, type RuleFinding } from '../rule';

/** Moving a volume's data to a new claim without copying it: the volume itself changes hands. */
export const REBIND_VOLUME =
  'rebind its volume: set the PersistentVolume\'s persistentVolumeReclaimPolicy to Retain, delete the old claim, clear the volume\'s spec.claimRef, and create the new claim with spec.volumeName naming it before the workload starts (or back up and restore into the new claim)';
const REBIND = `keep the old name (service, namespace, environment); to move the data, ${REBIND_VOLUME}`;

/**
 * A claim that leaves the render, or reappears under another identity, leaves its data behind: a
 * renamed service, namespace or environment gives its workload a new, empty claim, and a later prune
 * or namespace deletion loses the old one. StatefulSet claims are `<template>-<statefulset>-<ordinal>`,
 * so renaming the StatefulSet or its namespace renames every claim. A claim whose namespace leaves the
 * render with it is namespace-kept's: one finding for the namespace, not one per claim.
 */
export const claimsKept: Day2Rule = {
  name: 'claims-kept',
  description: 'Every claim of the previous render (a PersistentVolumeClaim or a StatefulSet claim template) is still rendered, under the same identity, or still mounted by name as an existing claim.',
  check: ({ before, after }, context) => {
    if (!after && before && leavesWithItsNamespace(before, context)) return [];
    if (before?.kind === 'PersistentVolumeClaim' && !after) return adoptedAsExisting(before, context) ? [] : [claimFinding(before, context)];
    if (before?.kind !== 'StatefulSet') return [];
    const kept = claimTemplatesOf(after?.kind === 'StatefulSet' ? after : undefined);
    return [...claimTemplatesOf(before).keys()]
      .filter((template) => !kept.has(template))
      .map((template) => {
        const claims = claimNames(before, template);
        // The StatefulSet that now owns a template of that name: a renamed service or namespace.
        const successor = context.after.find((candidate) => candidate.kind === 'StatefulSet' && candidate !== after && claimTemplatesOf(candidate).has(template));
        const where = `${claims.join(', ')} in ${before.metadata.namespace ?? 'the cluster'}`;
        return fieldFinding({ before, after: after?.kind === 'StatefulSet' ? after : undefined }, `spec.volumeClaimTemplates${named(template)}.metadata.name`, {
          consequence: successor
            ? `${objectName(successor)} in ${successor.metadata.namespace} starts on new, empty claims (${claimNames(successor, template).join(', ')}); the data stays behind in ${where}`
            : `nothing mounts ${where} any more${after ? ' (and the API server refuses removing a claim template)' : ''}: the data is out of use, and a prune or namespace deletion loses it`,
          procedure: REBIND,
        });
      });
  },
};

/**
 * A claim that leaves the render but is still mounted by name in its namespace: the stack now mounts it
 * as an existing claim (a compose `external: true` volume). Argo CD never prunes it (it carries
 * Prune=false), so it keeps its data and its pods keep finding it: nothing is lost.
 */
function adoptedAsExisting(claim: Manifest, context: ComparisonContext): boolean {
  const kept = syncOptions(claim).includes('Prune=false');
  const namespace = claim.metadata.namespace;
  return (
    kept &&
    context.after.some(
      (workload) =>
        workload.metadata.namespace === namespace &&
        (podSpecOf(workload)?.volumes ?? []).some((volume: any) => volume?.persistentVolumeClaim?.claimName === claim.metadata.name),
    )
  );
}

function claimFinding(claim: Manifest, context: ComparisonContext): RuleFinding {
  const volume = claim.metadata.labels?.[SERVICE_LABEL];
  const successor = context.after.find((candidate) => candidate.kind === 'PersistentVolumeClaim' && volume !== undefined && candidate.metadata.labels?.[SERVICE_LABEL] === volume);
  return fieldFinding({ before: claim }, 'metadata.name', {
    consequence: successor
      ? `the new claim ${successor.metadata.name} in ${successor.metadata.namespace} is empty; the data stays behind in ${claim.metadata.name} of ${claim.metadata.namespace}`
      : `nothing mounts claim ${claim.metadata.name} any more: the data is out of use, and a prune or a kubectl${namespaceOption(claim)} delete pvc ${claim.metadata.name} loses it`,
    procedure: REBIND,
  });
}

import { identityOf } from '../../day2/objects';
import type { Manifest, ValidationRule } from '../rule';

/** The objects of each render that repeat an earlier object's identity, found once per render. */
const repeatsByRender = new WeakMap<readonly Manifest[], ReadonlySet<Manifest>>();

function repeatsIn(manifests: readonly Manifest[]): ReadonlySet<Manifest> {
  let repeats = repeatsByRender.get(manifests);
  if (!repeats) {
    const seen = new Set<string>();
    const found = new Set<Manifest>();
    for (const manifest of manifests) {
      const identity = identityOf(manifest);
      if (seen.has(identity)) found.add(manifest);
      seen.add(identity);
    }
    repeats = found;
    repeatsByRender.set(manifests, repeats);
  }
  return repeats;
}

/**
 * Two objects of one group, kind, namespace and name are one object to the API server: applying both
 * keeps only the last, so the render would say one thing and the cluster run another.
 */
export const uniqueObjects: ValidationRule = {
  name: 'unique-objects',
  description: 'No two objects of an environment share group, kind, namespace and name.',
  check: (manifest, context) =>
    repeatsIn(context.manifests).has(manifest) ? [{ field: 'metadata.name', message: 'another object of this kind has this name in this namespace: applying both keeps only the last' }] : [],
};

import { checkContainers, type Policy } from './policy';

const PULL_POLICIES_FOR_PINNED_IMAGES = ['IfNotPresent', 'Never'];

/** The tag and digest of an image reference; a registry's port (`registry:5000/app`) is not a tag. */
export function imageReference(image: string): { readonly tag?: string; readonly digest?: string } {
  const at = image.indexOf('@');
  const name = at === -1 ? image : image.slice(0, at);
  const digest = at === -1 ? undefined : image.slice(at + 1);
  const colon = name.lastIndexOf(':');
  const tag = colon > name.lastIndexOf('/') ? name.slice(colon + 1) : undefined;
  return { tag, digest };
}

/**
 * An image without a tag, or tagged `latest`, changes under the same manifest: two pods of one Deployment
 * can run different code and a rollback restores nothing. A pinned image need not be pulled again, so
 * `Always` only adds a registry round-trip (and a registry outage) to every start. An absent
 * imagePullPolicy is judged as the API server fills it in: IfNotPresent for a pinned image.
 */
export const pinnedImage: Policy = {
  name: 'pinned-image',
  description: 'Every image has a version tag other than latest, or a digest, and is pulled IfNotPresent (or Never).',
  check: (manifest) =>
    checkContainers(manifest, ({ container, subject }) => {
      const image = container.image ?? '';
      const { tag, digest } = imageReference(image);
      const pinned = digest !== undefined || (tag !== undefined && tag !== 'latest');
      const violations: string[] = [];
      if (!pinned && tag === undefined) violations.push(`${subject} image "${image}" has no tag: pin a version tag or a digest`);
      if (!pinned && tag === 'latest') violations.push(`${subject} image "${image}" uses the moving tag latest: pin a version tag or a digest`);
      const pullPolicy = container.imagePullPolicy ?? (pinned ? 'IfNotPresent' : undefined);
      if (pullPolicy !== undefined && !PULL_POLICIES_FOR_PINNED_IMAGES.includes(pullPolicy)) {
        violations.push(`${subject} pulls image "${image}" on every start (imagePullPolicy: ${pullPolicy}): use IfNotPresent`);
      }
      return violations;
    }),
};

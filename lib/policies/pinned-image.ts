import { checkContainers, type Policy } from './policy';

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
 * can run different code and a rollback restores nothing. (Like the linters, the rule cannot tell another
 * moving tag such as dev's `dev` from a version; the loader allows moving tags only where an environment
 * declares `movingTags: true`. How the image is pulled is pull-policy-always's concern.)
 */
export const pinnedImage: Policy = {
  name: 'pinned-image',
  description: 'Every image has a version tag other than latest, or a digest.',
  severity: 'danger',
  follows: [
    { tool: 'polaris', check: 'tagNotSpecified' },
    { tool: 'kube-score', check: 'container-image-tag' },
    { tool: 'kube-linter', check: 'latest-tag' },
  ],
  check: (manifest) =>
    checkContainers(manifest, ({ container, subject }) => {
      const image = container.image ?? '';
      const { tag, digest } = imageReference(image);
      const pinned = digest !== undefined || (tag !== undefined && tag !== 'latest');
      const violations: string[] = [];
      if (!pinned && tag === undefined) violations.push(`${subject} image "${image}" has no tag: pin a version tag or a digest`);
      if (!pinned && tag === 'latest') violations.push(`${subject} image "${image}" uses the moving tag latest: pin a version tag or a digest`);
      return violations;
    }),
};

import * as fs from 'fs';
import * as path from 'path';

/**
 * Replaces `target` with the finished contents of `staging` by renames on one filesystem, so a reader
 * (git, Argo CD, a person) sees either the old directory or the new one, never a half-written mix.
 * `staging` must be a sibling of `target`. On failure before the swap, `target` is untouched.
 */
export function publishDirectory(staging: string, target: string): void {
  const retired = path.join(path.dirname(target), `.${path.basename(target)}-retired-${process.pid}`);
  const hadTarget = fs.existsSync(target);
  if (hadTarget) fs.renameSync(target, retired);
  try {
    fs.renameSync(staging, target);
  } catch (error) {
    if (hadTarget) fs.renameSync(retired, target);
    throw error;
  }
  if (hadTarget) fs.rmSync(retired, { recursive: true, force: true });
}

/** A fresh staging directory beside `target`, on the same filesystem so the final rename is atomic. */
export function makeStagingDirectory(target: string): string {
  fs.mkdirSync(path.dirname(path.resolve(target)), { recursive: true });
  const staging = fs.mkdtempSync(path.join(path.dirname(path.resolve(target)), `.${path.basename(target)}-staging-`));
  // mkdtemp makes the directory private; dist/ is meant to be read by anyone.
  fs.chmodSync(staging, 0o755);
  return staging;
}

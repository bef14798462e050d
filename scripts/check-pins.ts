/**
 * `npm run check-pins -- <git revision>` (CI: `HEAD~1`)
 *
 * Every environment whose pinned commit changed since that revision is checked as `npm run promote`
 * checks a promotion: the new commit's dist/<environment> is its fresh synth, and the day-2 check
 * between what ran (dist/<environment> at the old pin) and it passes. So a pin edited by hand, without
 * `npm run promote`, cannot skip the checks. A commit that locks other package versions than the ones
 * installed is not re-rendered (its own CI compared its dist/ with a fresh synth): the day-2 check
 * alone runs, with a note. Nothing is changed; a refusal exits 1.
 */
import * as path from 'path';
import { gitIn, pinChangesSince, PromotionRefused, verifyPromotion } from '../lib/release/promote';

const PROJECT_ROOT = path.resolve(__dirname, '..');
const USAGE = 'usage: check-pins <git revision>';

function main(args: readonly string[]): number {
  if (args.length !== 1 || args[0].startsWith('-')) {
    console.error(USAGE);
    return 2;
  }
  try {
    const git = gitIn(PROJECT_ROOT);
    const changes = pinChangesSince(PROJECT_ROOT, args[0], git);
    if (changes.length === 0) console.log(`no pinned environment changed its commit since ${args[0]}`);
    for (const plan of changes) {
      for (const line of verifyPromotion(PROJECT_ROOT, git, plan, { otherPackages: 'day-2 only' })) console.log(line);
      console.log(`${plan.environment}: pin ${plan.from.slice(0, 12)} -> ${plan.to.slice(0, 12)} checked.`);
    }
    return 0;
  } catch (error) {
    if (!(error instanceof PromotionRefused)) throw error;
    console.error(`pin refused: ${error.message}`);
    return 1;
  }
}

process.exitCode = main(process.argv.slice(2));

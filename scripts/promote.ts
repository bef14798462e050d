/**
 * `npm run promote -- <environment> [--to <commit>]`
 *
 * Pins an environment that Argo CD deploys from a fixed commit (staging, prod) to another commit:
 * checks that the commit's dist/<environment> is the fresh synth of that commit, runs the day-2 check
 * between what runs (dist/<environment> at the pinned commit) and it, refusing what it refuses, changes
 * `gitops.targetRevision` in environments/<environment>.yaml (one line) and re-renders dist/ (its
 * Application in dist/argocd). Without --to, the commit the environment before it runs (staging: what
 * main holds; prod: staging's commit). A rollback is a promotion to the earlier commit. Refusals print
 * one line, exit 1 and change nothing.
 */
import * as path from 'path';
import { applyPromotion, gitIn, parsePromoteArguments, planPromotion, PromotionRefused, verifyPromotion } from '../lib/release/promote';

const PROJECT_ROOT = path.resolve(__dirname, '..');

function main(args: readonly string[]): number {
  try {
    const git = gitIn(PROJECT_ROOT);
    const plan = planPromotion(PROJECT_ROOT, parsePromoteArguments(args), git);
    const lines = verifyPromotion(PROJECT_ROOT, git, plan);
    applyPromotion(PROJECT_ROOT, path.join(PROJECT_ROOT, 'dist'), plan, (line) => console.error(line));
    for (const line of lines) console.log(line);
    console.log(`${plan.environment}: pinned ${plan.from.slice(0, 12)} -> ${plan.to.slice(0, 12)}. Review and commit ${plan.settingsFile} and dist/argocd/.`);
    return 0;
  } catch (error) {
    if (!(error instanceof PromotionRefused)) throw error;
    console.error(`promote refused: ${error.message}`);
    return 1;
  }
}

process.exitCode = main(process.argv.slice(2));

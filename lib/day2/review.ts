/**
 * The day-2 comparison of a whole synth: every environment of the new render against its previous
 * render, and the environments that left the render against nothing. What the synth prints comes from
 * here: refusals (the synth stops), acknowledged changes with their procedure, notes, and the plan.
 */
import * as path from 'path';
import { formatProblem, ProblemCollector } from '../errors';
import { ACKNOWLEDGEMENTS_KEY } from '../loader/day2-settings';
import { SETTINGS_DIRECTORY } from '../loader/settings';
import { YamlFile } from '../loader/yaml-file';
import type { AcknowledgementModel } from '../model';
import type { RenderedFolder } from '../render';
import { parseRendered, sameAsRendered, type RenderedTexts } from './baseline';
import type { Comparison } from './compare';
import type { Manifest } from './objects';
import { formatPlan, noChanges } from './plan';

export interface ReviewOutcome {
  /** Lines that stop the synth: refused changes, acknowledgements that match nothing. */
  readonly errors: readonly string[];
  /** Lines printed when the synth goes through: acknowledged changes and their procedures, notes, the plans. */
  readonly messages: readonly string[];
}

export interface ReviewInput {
  readonly projectRoot: string;
  readonly rendered: readonly RenderedFolder[];
  /** The previous render (see baseline.ts). */
  readonly baseline: RenderedTexts;
  /** How messages name the previous render: `dist/` or `dist/ at HEAD~1`. */
  readonly baselineName: string;
  /** Environments whose previous render is another one (a pinned environment's commit), and its name. @default none */
  readonly baselineNames?: ReadonlyMap<string, string>;
  /** Folders of the baseline that are not environments (Argo CD's), besides any without a Namespace. */
  readonly otherFolders: readonly string[];
}

/** Compares every environment with its previous render; see ReviewOutcome. */
export function reviewOutput(input: ReviewInput): ReviewOutcome {
  const errors: string[] = [];
  const messages: string[] = [];
  const plans: string[] = [];
  const environments = input.rendered.filter((folder) => folder.environment);
  const gone = [...input.baseline.keys()].filter(
    (folder) => !input.otherFolders.includes(folder) && !input.rendered.some((rendered) => rendered.folder === folder),
  );
  for (const folder of environments) {
    const stack = folder.environment!;
    const previous = input.baseline.get(folder.folder) ?? [];
    // The same file byte for byte and no acknowledgement to check: nothing to compare (nor to load).
    if (stack.acknowledgements.length === 0 && sameAsRendered(previous, folder.text)) {
      plans.push(formatPlan(noChanges(folder.folder)));
      continue;
    }
    const { compare } = comparison();
    const result = compare({
      environment: folder.folder,
      before: previousObjects(previous, folder),
      after: folder.manifests,
      acknowledgements: stack.acknowledgements,
      replicableVolumes: stack.volumes.filter((volume) => volume.replicable).map((volume) => volume.name),
    });
    report(result, folder.folder, stack.acknowledgements, input, errors, messages);
    plans.push(formatPlan(result.plan));
  }
  for (const folder of gone) {
    const before = parseRendered(input.baseline.get(folder) ?? []);
    // Every environment renders its Namespace first: a folder without one held something else (Argo
    // CD's objects in a folder of another name), not an environment whose claims were left behind.
    if (!before.some((object) => object.kind === 'Namespace')) continue;
    const result = comparison().compare({ environment: folder, before, after: [] });
    report(result, folder, [], input, errors, messages);
    plans.push(`${formatPlan(result.plan)} (the environment is no longer rendered)`);
  }
  return { errors, messages: [...messages, ...plans] };
}

/** The comparison and its rules, loaded only when an environment changed (a re-run changes nothing). */
function comparison(): typeof import('./compare') {
  return require('./compare');
}

/**
 * The objects of an environment's previous render. When its file is the new one byte for byte (a synth
 * that changes nothing), they are the new objects; otherwise only the documents that differ are parsed.
 */
function previousObjects(texts: readonly string[], folder: RenderedFolder): readonly Manifest[] {
  if (sameAsRendered(texts, folder.text)) return folder.manifests;
  return parseRendered(texts, new Map(folder.documents.map((text, index) => [text, folder.manifests[index]])));
}

function report(
  result: Comparison,
  environment: string,
  acknowledgements: readonly AcknowledgementModel[],
  input: ReviewInput,
  errors: string[],
  messages: string[],
): void {
  const { formatFinding } = comparison();
  for (const finding of result.refused) errors.push(`error: ${formatFinding(finding)}`);
  for (const finding of result.acknowledged) messages.push(`acknowledged: ${formatFinding(finding, 'procedure')}`);
  for (const finding of result.notes) messages.push(`note: ${formatFinding(finding, 'then')}`);
  const settingsFile = path.posix.join(SETTINGS_DIRECTORY, `${environment}.yaml`);
  const locate = (index: number) => ({
    file: settingsFile,
    line: lineOf(input.projectRoot, settingsFile, [ACKNOWLEDGEMENTS_KEY, index]),
    field: `${ACKNOWLEDGEMENTS_KEY}.${index}`,
  });
  const described = (index: number) => {
    const acknowledgement = acknowledgements[index];
    return `${acknowledgement.object} field "${acknowledgement.field}": ${acknowledgement.before} → ${acknowledgement.after}`;
  };
  for (const index of result.appliedAcknowledgements) {
    messages.push(
      `warning: ${formatProblem({ ...locate(index), message: `${described(index)} is already in ${baselineNameOf(input, environment)}: the change is made, remove this acknowledgement` })}`,
    );
  }
  for (const index of result.unmatchedAcknowledgements) {
    errors.push(
      `error: ${formatProblem({ ...locate(index), message: `${described(index)} matches no pending change, and ${baselineNameOf(input, environment)} does not hold it either: correct it to the finding's exact words, or remove it` })}`,
    );
  }
}

function baselineNameOf(input: ReviewInput, environment: string): string {
  return input.baselineNames?.get(environment) ?? input.baselineName;
}

/** The line of a settings entry, for a message; read again only when one is printed. */
function lineOf(projectRoot: string, file: string, keys: ReadonlyArray<string | number>): number | undefined {
  return YamlFile.read(projectRoot, file, new ProblemCollector()).lineOf(keys);
}

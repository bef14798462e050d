import * as fs from 'fs';
import * as path from 'path';
import { isNode, isScalar, parseDocument } from 'yaml';
import { ConfigError, formatProblem } from '../errors';
import { loadStacks } from '../loader/load-stack';
import { SETTINGS_DIRECTORY } from '../loader/settings';
import { COLORS, type Color, type StackModel } from '../model';
import { synthesize } from '../synthesize';

/** A refusal: one line for the user, nothing changed. */
export class SwitchRefused extends Error {}

export interface SwitchRequest {
  readonly color: string;
  readonly environment: string;
  /** Needed only when an environment has more than one blue/green service. */
  readonly service?: string;
  /** Ask the cluster whether the target colour is fully available before switching. */
  readonly check: boolean;
}

export interface SwitchPlan {
  readonly environment: string;
  readonly namespace: string;
  readonly service: string;
  readonly from: Color;
  readonly to: Color;
  /** Replicas the settings give the target colour (with autoscaling, its minimum). */
  readonly targetReplicas: number;
  /** Settings file to edit, relative to the project root. */
  readonly settingsFile: string;
}

/** Runs kubectl with arguments and returns its exit status and output; injectable for tests. */
export type KubectlRunner = (args: readonly string[]) => { status: number | null; stdout: string; stderr: string };

/** Parses `<colour> --env <env> [--service <name>] [--check]`. */
export function parseSwitchArguments(args: readonly string[]): SwitchRequest {
  let color: string | undefined;
  let environment: string | undefined;
  let service: string | undefined;
  let check = false;
  for (let index = 0; index < args.length; index++) {
    const arg = args[index];
    if (arg === '--env' || arg === '--service') {
      const value = args[++index];
      if (value === undefined || value.startsWith('--')) throw new SwitchRefused(`${arg} needs a value`);
      if (arg === '--env') environment = value;
      else service = value;
    } else if (arg === '--check') {
      check = true;
    } else if (arg.startsWith('--')) {
      throw new SwitchRefused(`unknown option ${arg}; usage: switch <blue|green> --env <environment> [--service <name>] [--check]`);
    } else if (color === undefined) {
      color = arg;
    } else {
      throw new SwitchRefused(`unexpected argument "${arg}"; usage: switch <blue|green> --env <environment> [--service <name>] [--check]`);
    }
  }
  if (color === undefined || environment === undefined) {
    throw new SwitchRefused('usage: switch <blue|green> --env <environment> [--service <name>] [--check]');
  }
  return { color, environment, service, check };
}

/** Decides what a switch would change, or refuses with the reason. Reads files; changes nothing. */
export function planSwitch(projectRoot: string, request: SwitchRequest): SwitchPlan {
  if (!(COLORS as readonly string[]).includes(request.color)) {
    throw new SwitchRefused(`"${request.color}" is not a colour: use ${COLORS.join(' or ')}`);
  }
  const to = request.color as Color;
  let stack: StackModel;
  try {
    stack = loadStacks(projectRoot, [request.environment]).models[0];
  } catch (error) {
    if (error instanceof ConfigError) throw new SwitchRefused(error.problems.map(formatProblem).join('\n'));
    throw error;
  }
  const candidates = stack.services.filter((service) => service.blueGreen);
  const service = request.service
    ? candidates.find((candidate) => candidate.name === request.service)
    : candidates.length === 1
      ? candidates[0]
      : undefined;
  if (!service?.blueGreen) {
    const names = candidates.map((candidate) => candidate.name).join(', ') || 'none';
    throw new SwitchRefused(
      request.service
        ? `"${request.service}" is not a blue/green service in ${request.environment} (blue/green: ${names})`
        : `name the service with --service: blue/green services in ${request.environment}: ${names}`,
    );
  }
  const { activeColor, colors } = service.blueGreen;
  if (activeColor === to) {
    throw new SwitchRefused(`${service.name} in ${request.environment} already sends traffic to ${to}: nothing to switch`);
  }
  if (colors[to].image === undefined) {
    throw new SwitchRefused(`${service.name}-${to} has no image in ${request.environment}: stage a version first (blueGreen.${service.name}.${to}.tag)`);
  }
  if (colors[to].replicas === 0) {
    throw new SwitchRefused(`${service.name}-${to} has zero replicas in ${request.environment}: scale it up and let it become ready before switching`);
  }
  return {
    environment: request.environment,
    namespace: stack.environment.namespace,
    service: service.name,
    from: activeColor,
    to,
    targetReplicas: colors[to].replicas,
    settingsFile: path.posix.join(SETTINGS_DIRECTORY, `${request.environment}.yaml`),
  };
}

/**
 * Like the seed's health check before switching: the target Deployment must exist in the cluster of
 * kubectl's current context, run its current spec, and have every replica available.
 */
export function checkTargetAvailable(plan: SwitchPlan, kubectl: KubectlRunner): void {
  const deployment = `${plan.service}-${plan.to}`;
  const result = kubectl(['-n', plan.namespace, 'get', 'deployment', deployment, '-o', 'json']);
  if (result.status !== 0) {
    throw new SwitchRefused(`cannot read deployment ${deployment} in ${plan.namespace}: ${(result.stderr || result.stdout).trim().split('\n')[0]}`);
  }
  const live = JSON.parse(result.stdout);
  // What the cluster runs must be at least what the settings ask for: a Deployment scaled to zero in
  // the cluster is not "fully available" just because it has no replica to wait for.
  const wanted = Math.max(1, plan.targetReplicas, live.spec?.replicas ?? 0);
  const available = live.status?.availableReplicas ?? 0;
  const updated = live.status?.updatedReplicas ?? 0;
  const current = (live.status?.observedGeneration ?? 0) >= (live.metadata?.generation ?? 0);
  if (!current || updated < wanted || available < wanted) {
    throw new SwitchRefused(
      `${deployment} in ${plan.namespace} is not fully available (${available}/${wanted} available, ${updated}/${wanted} updated): not switching`,
    );
  }
}

/** The settings text with only the `activeColor` scalar of the service changed: a one-line diff. */
export function withActiveColor(text: string, service: string, color: Color): string {
  const document = parseDocument(text);
  const node = document.getIn(['blueGreen', service, 'activeColor'], true);
  if (!isNode(node) || !isScalar(node) || !node.range) {
    throw new SwitchRefused(`blueGreen.${service}.activeColor not found`);
  }
  const [start, end] = node.range;
  return `${text.slice(0, start)}${color}${text.slice(end)}`;
}

/**
 * Switches: edits the one setting and re-renders dist/. If rendering fails, the settings file is
 * restored, so a refused or failed switch leaves the settings and dist/ as they were.
 */
export function applySwitch(projectRoot: string, distDirectory: string, plan: SwitchPlan, log: (line: string) => void): void {
  const file = path.join(projectRoot, plan.settingsFile);
  const before = fs.readFileSync(file, 'utf8');
  fs.writeFileSync(file, withActiveColor(before, plan.service, plan.to));
  const lines: string[] = [];
  if (!synthesize(projectRoot, distDirectory, (line) => lines.push(line), { print: (line) => lines.push(line) })) {
    fs.writeFileSync(file, before);
    throw new SwitchRefused(`rendering failed, settings restored: ${lines.join(' | ')}`);
  }
  lines.forEach(log);
}

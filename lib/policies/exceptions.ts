import * as fs from 'fs';
import * as path from 'path';
import type { Manifest, Policy, PolicyException } from './policy';

/** The label exceptions name a service by. */
const SERVICE_LABEL = 'app.kubernetes.io/name';

/** Whether `exception` covers `rule` for this object of this environment; an absent scope matches all. */
export function exempts(exception: PolicyException, rule: string, environment: string, manifest: Manifest): boolean {
  const service = manifest.metadata.labels?.[SERVICE_LABEL];
  return (
    exception.rule === rule &&
    (exception.environments === undefined || exception.environments.includes(environment)) &&
    (exception.services === undefined || (service !== undefined && exception.services.includes(service))) &&
    (exception.objects === undefined || exception.objects.includes(`${manifest.kind}/${manifest.metadata.name}`))
  );
}

const RULE_NAME = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/**
 * The rule of that name, loaded on its own: each rule lives in the file named after it (a test keeps it
 * so, and keeps this lookup equal to POLICIES), so the synth, which needs only the rules its exceptions
 * name, does not load the whole suite. Undefined for a name that is no rule.
 */
export function policyNamed(name: string): Policy | undefined {
  if (!loaded.has(name)) loaded.set(name, loadPolicy(name));
  return loaded.get(name);
}

const loaded = new Map<string, Policy | undefined>();

function loadPolicy(name: string): Policy | undefined {
  if (!RULE_NAME.test(name) || !['.ts', '.js'].some((extension) => fs.existsSync(path.join(__dirname, `${name}${extension}`)))) return undefined;
  const exported: Record<string, unknown> = require(`./${name}`);
  return Object.values(exported).find((value): value is Policy => (value as Policy | undefined)?.name === name && typeof (value as Policy).check === 'function');
}

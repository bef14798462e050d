import * as fs from 'fs';
import * as path from 'path';
import { load } from 'js-yaml';
import { formatViolation, POLICIES, runPolicies } from '../lib/policies';
import { EXEMPTION_ANNOTATION_PREFIXES } from '../lib/policies/tool-exemptions';
import type { SecurityException } from '../lib/model';
import type { ToolCheck } from '../lib/policies/policy';
import { copyProject, ENVIRONMENTS, loadEnvironment, PROJECT_ROOT, synthEnvironment, synthModel, type Manifest } from './support/project';

/**
 * The policy suite (lib/policies, one rule per file, each with its own test) over every object of every
 * environment. A failure names the environment, the object and the rule.
 */
describe.each(ENVIRONMENTS)('the policy suite over %s', (environment) => {
  const stack = loadEnvironment(environment);
  const manifests = synthModel(stack);

  test('finds no violation outside the declared exceptions, of either severity', () => {
    expect(runPolicies(environment, manifests, stack.securityExceptions).map(formatViolation)).toEqual([]);
  });

  test('leaves the production-only rules out where the environment is not production, and only there', () => {
    expect(stack.environment.production).toBe(environment === 'prod');
    const productionOnly = new Set(POLICIES.filter((policy) => policy.onlyInProduction).map((policy) => policy.name));
    // Without the exceptions that cover them, those rules find what a one-replica environment lacks.
    const others = stack.securityExceptions.filter((exception) => !productionOnly.has(exception.rule));
    const found = (production: boolean) => [...new Set(runPolicies(environment, manifests, others, { production }).map((violation) => violation.rule))].sort();
    expect(found(stack.environment.production ?? false)).toEqual(environment === 'prod' ? found(true) : []);
    if (environment !== 'prod') expect(found(true).length).toBeGreaterThan(0);
    expect(found(true).every((rule) => productionOnly.has(rule))).toBe(true);
  });
});

const isExemption = (key: string) => EXEMPTION_ANNOTATION_PREFIXES.some((prefix) => key.startsWith(prefix));

/** The linters' exemption annotations of each object, by `Kind/name`; objects without any are left out. */
function exemptionsOf(manifests: readonly Manifest[]): Record<string, Record<string, string>> {
  const result: Record<string, Record<string, string>> = {};
  for (const manifest of manifests) {
    const exemptions = Object.entries((manifest.metadata.annotations ?? {}) as Record<string, string>).filter(([key]) => isExemption(key));
    if (exemptions.length > 0) result[`${manifest.kind}/${manifest.metadata.name}`] = Object.fromEntries(exemptions);
  }
  return result;
}

/**
 * The objects whose findings the declared exceptions accept: those a rule reports once its exception is
 * taken away, each with the tool checks of the rules that report it.
 */
function acceptedChecks(environment: string, manifests: readonly Manifest[], exceptions: readonly SecurityException[]): Map<string, ToolCheck[]> {
  const accepted = new Map<string, ToolCheck[]>();
  for (const exception of exceptions) {
    const policy = POLICIES.find((candidate) => candidate.name === exception.rule)!;
    const reported = runPolicies(environment, manifests, exceptions.filter((other) => other !== exception)).filter((violation) => violation.rule === exception.rule);
    for (const object of new Set(reported.map((violation) => violation.object))) accepted.set(object, [...(accepted.get(object) ?? []), ...policy.follows]);
  }
  return accepted;
}

/**
 * The annotation keys each tool documents for exempting an object from a check, written out here rather
 * than taken from tool-exemptions.ts, so that a wrong key there fails.
 */
function documentedKey(check: ToolCheck): string | undefined {
  if (check.tool === 'polaris') return `polaris.fairwinds.com/${check.check}-exempt`;
  if (check.tool === 'kube-linter') return `ignore-check.kube-linter.io/${check.check}`;
  if (check.tool === 'kube-score') return 'kube-score/ignore';
  return undefined;
}

/** The objects of a committed dist/<environment>/ file. */
function committedManifests(environment: string): Manifest[] {
  return fs
    .readFileSync(path.join(PROJECT_ROOT, 'dist', environment, 'tramites.k8s.yaml'), 'utf8')
    .split(/^---\n/m)
    .filter((text) => text.trim())
    .map((text) => load(text) as Manifest);
}

describe.each(ENVIRONMENTS)("the linters' exemption annotations in dist/%s", (environment) => {
  const stack = loadEnvironment(environment);
  const documents = committedManifests(environment);
  const accepted = acceptedChecks(environment, documents, stack.securityExceptions);
  const exemptions = exemptionsOf(documents);

  test('sit on exactly the objects whose finding an exception accepts', () => {
    expect(Object.keys(exemptions).sort()).toEqual([...accepted.keys()].sort());
  });

  test("are, on each object, each tool's documented key for every check of the rules whose finding is accepted there, and nothing else", () => {
    for (const [object, checks] of accepted) {
      const keys = [...new Set(checks.map(documentedKey).filter((key): key is string => key !== undefined))].sort();
      expect({ object, keys: Object.keys(exemptions[object] ?? {}).sort() }).toEqual({ object, keys });
      const ignoredByKubeScore = checks.filter((check) => check.tool === 'kube-score').map((check) => check.check);
      if (ignoredByKubeScore.length > 0) expect({ object, ignored: exemptions[object]['kube-score/ignore'].split(',').sort() }).toEqual({ object, ignored: [...new Set(ignoredByKubeScore)].sort() });
    }
  });

  test('each name, in dist, a check that a rule named by one of its exceptions follows, never a Pod Security control', () => {
    const excepted = new Set(stack.securityExceptions.filter((exception) => !exception.environments || exception.environments.includes(environment)).map((exception) => exception.rule));
    const allowed = POLICIES.filter((policy) => excepted.has(policy.name)).flatMap((policy) => policy.follows);
    expect(allowed.filter((check) => check.tool === 'pss')).toEqual([]);
    const allowedChecks = new Set(allowed.map((check) => `${check.tool}: ${check.check}`));
    const written: string[] = [];
    for (const annotations of Object.values(exemptions)) {
      for (const [key, value] of Object.entries(annotations)) {
        if (key === 'kube-score/ignore') written.push(...value.split(',').map((check) => `kube-score: ${check}`));
        else if (key.startsWith('polaris.fairwinds.com/')) written.push(`polaris: ${key.slice('polaris.fairwinds.com/'.length).replace(/-exempt$/, '')}`);
        else written.push(`kube-linter: ${key.slice('ignore-check.kube-linter.io/'.length)}`);
      }
    }
    expect(written.length).toBeGreaterThan(0);
    expect(written.filter((check) => !allowedChecks.has(check))).toEqual([]);
  });
});

test('dist/ carries the exemptions a reviewer expects on known objects, written out', () => {
  const find = (environment: string, object: string) => {
    const manifest = committedManifests(environment).find((candidate) => `${candidate.kind}/${candidate.metadata.name}` === object);
    return exemptionsOf(manifest ? [manifest] : [])[object];
  };
  expect(find('prod', 'StatefulSet/db')).toEqual({
    'ignore-check.kube-linter.io/no-read-only-root-fs': expect.stringMatching(/^SQL Server 2019 is not documented to run on a read-only root filesystem/),
    'kube-score/ignore': 'container-image-pull-policy,container-security-context-readonlyrootfilesystem',
    'polaris.fairwinds.com/metadataAndInstanceMismatched-exempt': 'true',
    'polaris.fairwinds.com/notReadOnlyRootFilesystem-exempt': 'true',
    'polaris.fairwinds.com/pullPolicyNotAlways-exempt': 'true',
  });
  expect(find('prod', 'ConfigMap/tramites-env')).toEqual({ 'polaris.fairwinds.com/sensitiveConfigmapContent-exempt': 'true' });
  expect(find('staging', 'Deployment/nginx')).toEqual({
    'kube-score/ignore': 'container-image-pull-policy,container-security-context-user-group-id,deployment-replicas',
    'polaris.fairwinds.com/deploymentMissingReplicas-exempt': 'true',
    'polaris.fairwinds.com/metadataAndInstanceMismatched-exempt': 'true',
    'polaris.fairwinds.com/missingPodDisruptionBudget-exempt': 'true',
    'polaris.fairwinds.com/pullPolicyNotAlways-exempt': 'true',
  });
  expect(find('prod', 'HorizontalPodAutoscaler/backend-blue')).toBeUndefined();
  expect(find('prod', 'Service/nginx')).toBeUndefined();
});

test('no file of the project but the one that generates them writes an exemption annotation', () => {
  const writers: string[] = [];
  const walk = (directory: string) => {
    for (const entry of fs.readdirSync(path.join(PROJECT_ROOT, directory), { withFileTypes: true })) {
      const relative = path.join(directory, entry.name);
      if (entry.isDirectory()) walk(relative);
      else if (/\.([cm]?[jt]s|ya?ml|json)$/.test(entry.name) && /polaris\.fairwinds\.com\/|kube-score\/ignore|ignore-check\.kube-linter\.io\//.test(fs.readFileSync(path.join(PROJECT_ROOT, relative), 'utf8'))) {
        writers.push(relative);
      }
    }
  };
  for (const directory of ['lib', 'compose', 'environments', 'imports', 'scripts', 'tools']) walk(directory);
  if (/polaris\.fairwinds\.com\/|kube-score\/ignore|ignore-check\.kube-linter\.io\//.test(fs.readFileSync(path.join(PROJECT_ROOT, 'main.ts'), 'utf8'))) writers.push('main.ts');
  expect(writers).toEqual([path.join('lib', 'policies', 'tool-exemptions.ts')]);
});

test('removing an exception from the settings brings its finding back, and its exemption annotations go', () => {
  const root = copyProject((replace) =>
    replace('environments/stack.yaml', /  - rule: read-only-root-filesystem\n    service: db\n    reason: >-\n(      .*\n)+?(?=  - rule:)/, ''),
  );
  try {
    const stack = loadEnvironment('prod', root);
    const manifests = synthModel(stack);
    expect(runPolicies('prod', manifests, stack.securityExceptions).map(formatViolation)).toEqual([
      'prod: StatefulSet/db: read-only-root-filesystem: container "db" can write to its root filesystem: set readOnlyRootFilesystem: true and mount an emptyDir where it must write',
    ]);
    const db = exemptionsOf(manifests)['StatefulSet/db'];
    expect(Object.keys(db)).not.toContain('polaris.fairwinds.com/notReadOnlyRootFilesystem-exempt');
    expect(Object.keys(db)).not.toContain('ignore-check.kube-linter.io/no-read-only-root-fs');
    expect(db['kube-score/ignore']).not.toContain('container-security-context-readonlyrootfilesystem');
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

describe('the declared security exceptions', () => {
  const stack = loadEnvironment('prod');
  const exceptions = stack.securityExceptions;

  test('each name a rule of the suite and give a reason', () => {
    const rules = POLICIES.map((policy) => policy.name);
    for (const exception of exceptions) {
      expect({ rule: exception.rule, known: rules.includes(exception.rule), reason: exception.reason.length > 40 }).toEqual({ rule: exception.rule, known: true, reason: true });
    }
  });

  const scopeOf = (exception: SecurityException) => [exception.services, exception.environments, exception.objects].flat().filter(Boolean).join(', ') || 'everywhere';

  test.each(exceptions.map((exception) => [`${exception.rule} (${scopeOf(exception)})`, exception] as const))(
    '%s is needed: without it the suite fails, and only within its scope',
    (_name, exception) => {
      for (const environment of ENVIRONMENTS) {
        const environmentStack = loadEnvironment(environment);
        const others = environmentStack.securityExceptions.filter((other) => other.rule !== exception.rule || scopeOf(other) !== scopeOf(exception));
        const manifests = synthModel({ ...environmentStack, securityExceptions: others });
        const violations = runPolicies(environment, manifests, others).filter((violation) => violation.rule === exception.rule);
        const inScope = exception.environments === undefined || exception.environments.includes(environment);
        expect({ environment, violated: violations.length > 0 }).toEqual({ environment, violated: inScope });
        const objects = new Set(violations.map((violation) => violation.object));
        // What an environment outside the exception's scope reports is another exception's business.
        if (inScope && exception.objects) expect([...objects]).toEqual(exception.objects);
        if (inScope && exception.services) {
          const services = new Set(violations.map((violation) => manifests.find((m) => `${m.kind}/${m.metadata.name}` === violation.object)!.metadata.labels!['app.kubernetes.io/name']));
          expect([...services]).toEqual(exception.services);
        }
      }
    },
  );
});

test.each(ENVIRONMENTS)('the exception for ConfigMap/tramites-env in %s covers its one look-alike key and nothing else', (environment) => {
  const config = synthEnvironment(environment).find((m) => m.kind === 'ConfigMap' && m.metadata.name === 'tramites-env')!;
  expect(runPolicies(environment, [config], []).map((violation) => violation.message)).toEqual([
    'key "JWT_ACCESS_TOKEN_EXPIRE_MINUTES" is named like a credential: keep credentials in a Secret',
  ]);
});

test("prod's database and shared ConfigMap carry each linter's own exemption, with the reason where the linter keeps one", () => {
  const exemptions = exemptionsOf(synthEnvironment('prod'));
  expect(exemptions['ConfigMap/tramites-env']).toEqual({ 'polaris.fairwinds.com/sensitiveConfigmapContent-exempt': 'true' });
  expect(exemptions['StatefulSet/db']).toEqual({
    'ignore-check.kube-linter.io/no-read-only-root-fs': expect.stringMatching(/^SQL Server 2019 is not documented to run on a read-only root filesystem .* applies to it\.$/),
    'kube-score/ignore': 'container-image-pull-policy,container-security-context-readonlyrootfilesystem',
    'polaris.fairwinds.com/metadataAndInstanceMismatched-exempt': 'true',
    'polaris.fairwinds.com/notReadOnlyRootFilesystem-exempt': 'true',
    'polaris.fairwinds.com/pullPolicyNotAlways-exempt': 'true',
  });
  expect(exemptions['Deployment/nginx']).toEqual({
    'kube-score/ignore': 'container-image-pull-policy,container-security-context-user-group-id',
    'polaris.fairwinds.com/metadataAndInstanceMismatched-exempt': 'true',
    'polaris.fairwinds.com/pullPolicyNotAlways-exempt': 'true',
  });
  // The autoscaled colours leave spec.replicas to their autoscaler, which Polaris reads as one replica.
  expect(exemptions['Deployment/backend-blue']).toEqual({
    'kube-score/ignore': 'container-image-pull-policy,container-security-context-user-group-id',
    'polaris.fairwinds.com/deploymentMissingReplicas-exempt': 'true',
    'polaris.fairwinds.com/metadataAndInstanceMismatched-exempt': 'true',
    'polaris.fairwinds.com/pullPolicyNotAlways-exempt': 'true',
  });
  // Their autoscalers keep 3: nothing to exempt there.
  expect(exemptions['HorizontalPodAutoscaler/backend-blue']).toBeUndefined();
});

test("dev's single-pod Deployments are exempt from Polaris' replica and budget checks and kube-score's deployment-replicas, and carry no autoscaler's exemption", () => {
  const exemptions = exemptionsOf(synthEnvironment('dev'));
  expect(exemptions['Deployment/frontend']).toEqual({
    'kube-score/ignore': 'container-security-context-user-group-id,deployment-replicas',
    'polaris.fairwinds.com/deploymentMissingReplicas-exempt': 'true',
    'polaris.fairwinds.com/metadataAndInstanceMismatched-exempt': 'true',
    'polaris.fairwinds.com/missingPodDisruptionBudget-exempt': 'true',
  });
  for (const [object, annotations] of Object.entries(exemptions)) {
    expect({ object, hpa: Object.keys(annotations).some((key) => key.includes('hpaMinAvailability')) }).toEqual({ object, hpa: false });
  }
});

import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { jsYaml } from '../lib/js-yaml';
import { loadStacks } from '../lib/loader/load-stack';
import { formatViolation, runPolicies } from '../lib/policies';
import { kubernetesSchemaProblems } from './support/kubernetes-schema';
import { copyRunnableProject, PROJECT_ROOT, type Manifest } from './support/project';

/**
 * The README's "Bring your own stack", followed literally: its first shell block run in a copy of the
 * project, the files its blocks name written as shown, its `npm run synth` run as a command, and what
 * comes out checked against what the section says.
 */

interface Block {
  readonly language: string;
  readonly text: string;
}

/** The fenced blocks of the README section, de-indented (they sit inside a numbered list). */
function sectionBlocks(): Block[] {
  const readme = fs.readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf('\n## Bring your own stack\n');
  expect(start).toBeGreaterThan(0);
  const end = readme.indexOf('\n## ', start + 1);
  const section = readme.slice(start, end === -1 ? undefined : end);
  const blocks: Block[] = [];
  for (const match of section.matchAll(/^( *)```(\w+)\n([\s\S]*?)^\1```$/gm)) {
    const indent = match[1].length;
    blocks.push({ language: match[2], text: match[3].split('\n').map((line) => line.slice(Math.min(indent, line.length - line.trimStart().length))).join('\n') });
  }
  return blocks;
}

const blocks = sectionBlocks();
/** The blocks whose first line names a file of the project: `# compose/wordpress/.env`. */
const files = new Map(
  blocks.flatMap((block) => {
    const named = /^# ((?:compose|environments)\/\S+)\n/.exec(block.text);
    return named ? [[named[1], block.text] as const] : [];
  }),
);
const shellBlocks = blocks.filter((block) => block.language === 'bash').map((block) => block.text.trim());
const expectedWarnings = blocks.find((block) => block.language === 'text')!.text.trim().split('\n');

function run(root: string, script: string) {
  return spawnSync('bash', ['-euc', script], { cwd: root, encoding: 'utf8' });
}

describe('the README recipe for a new stack', () => {
  let root: string;
  let synth: ReturnType<typeof run>;
  let manifests: Manifest[];

  beforeAll(() => {
    root = copyRunnableProject();
    const prepared = run(root, shellBlocks[0]);
    expect(prepared.stderr).toBe('');
    for (const [file, text] of files) fs.writeFileSync(path.join(root, file), text);
    synth = run(root, shellBlocks[1]);
    const output = path.join(root, 'dist', 'dev', 'wordpress.k8s.yaml');
    manifests = fs.existsSync(output) ? (jsYaml.loadAll(fs.readFileSync(output, 'utf8')) as Manifest[]) : [];
  }, 60_000);

  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  test('is the minimal recipe: a stack folder, stack.yaml with only environments, dev.yaml with only namespace and composeFiles', () => {
    expect([...files.keys()]).toEqual(['compose/wordpress/docker-compose.yml', 'compose/wordpress/.env', 'environments/stack.yaml', 'environments/dev.yaml']);
    expect(jsYaml.load(files.get('environments/stack.yaml')!)).toEqual({ environments: ['dev'] });
    expect(Object.keys(jsYaml.load(files.get('environments/dev.yaml')!) as object)).toEqual(['namespace', 'composeFiles']);
    expect(shellBlocks.slice(0, 2)).toEqual(['rm -rf compose environments dist\nmkdir -p compose/wordpress environments', 'npm run synth']);
  });

  test('npm run synth exits 0 and writes dist/dev and nothing else', () => {
    expect({ status: synth.status, errors: synth.stderr.split('\n').filter((line) => line.startsWith('error')) }).toEqual({ status: 0, errors: [] });
    expect(fs.readdirSync(path.join(root, 'dist'))).toEqual(['dev']);
    expect(fs.readdirSync(path.join(root, 'dist', 'dev'))).toEqual(['wordpress.k8s.yaml']);
    expect(synth.stdout).toMatch(/^plan: dev: \d+ added, 0 changed, 0 removed/m);
  });

  test('prints exactly the warnings the README shows, one line each', () => {
    expect(synth.stderr.split('\n').filter((line) => line.startsWith('warning: '))).toEqual(expectedWarnings);
  });

  test('gives each compose service a workload, named after it', () => {
    const workloads = manifests.filter((manifest) => ['Deployment', 'StatefulSet'].includes(manifest.kind));
    expect(workloads.map((workload) => `${workload.kind}/${workload.metadata.name}`).sort()).toEqual(['StatefulSet/db', 'StatefulSet/wordpress']);
    expect(manifests.find((manifest) => manifest.kind === 'Namespace')?.metadata.name).toBe('wordpress-dev');
  });

  test('passes the strict schema of Kubernetes 1.27 and 1.34', () => {
    expect(manifests.length).toBeGreaterThan(5);
    for (const release of ['1.27', '1.34'] as const) {
      expect(manifests.flatMap((manifest) => kubernetesSchemaProblems(manifest, release).map((problem) => `${manifest.kind}/${manifest.metadata.name}: ${problem}`))).toEqual([]);
    }
  });

  test('renders no secret value, and the pods read the keys the README tells a person to create', () => {
    const rendered = fs.readFileSync(path.join(root, 'dist', 'dev', 'wordpress.k8s.yaml'), 'utf8');
    expect(rendered).not.toMatch(/change-me/);
    const created = [...shellBlocks[2].matchAll(/--from-literal=(\w+)=/g)].map((match) => match[1]);
    const read = new Set(
      manifests.flatMap((manifest) => (manifest.spec?.template?.spec?.containers ?? []).flatMap((container: any) => (container.env ?? []).flatMap((variable: any) => variable.valueFrom?.secretKeyRef ? [`${variable.valueFrom.secretKeyRef.name}/${variable.valueFrom.secretKeyRef.key}`] : []))),
    );
    expect([...read].sort()).toEqual(created.map((key) => `wordpress-secrets/${key}`).sort());
  });

  test("passes the policy suite in its own view (not production), and in the linters' view shows only the production-only rules", () => {
    const stack = loadStacks(root).models[0];
    expect(stack.environment.production).toBe(false);
    expect(runPolicies('dev', manifests, stack.securityExceptions, { production: false }).map(formatViolation)).toEqual([]);
    expect(runPolicies('dev', manifests, stack.securityExceptions).map((violation) => `${violation.object}: ${violation.rule}`)).toEqual([
      'StatefulSet/db: priority-class-set',
      'StatefulSet/wordpress: priority-class-set',
    ]);
  });
});

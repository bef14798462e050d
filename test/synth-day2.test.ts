import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { copyRunnableProject, runTypeScript, snapshotTree } from './support/project';

/**
 * Day-2 changes through the README's synth command (main.ts, the app of cdk8s.yaml) on a runnable
 * copy of the project whose dist/ is the committed one, as a user's checkout is: each class of change
 * the cluster would refuse or that loses data exits non-zero with one line naming the environment, the
 * object and the field, and leaves dist/ byte for byte as it was; the same change with its
 * acknowledgement goes through and prints the procedure; ordinary changes go through with a plan line.
 *
 * One copy serves every case: each writes its edits, runs the synth and puts the files back (dist/
 * included, when a case changed it).
 */

/** Replaces `from` (which must occur) by `to` in one file; with `from` null, creates the file. */
type Edit = readonly [file: string, from: string | RegExp | null, to: string];

const root = copyRunnableProject();
const dist = path.join(root, 'dist');
const distBefore = snapshotTree(dist);
const PROD = 'environments/prod.yaml';
const BASE = 'compose/docker-compose.yml';

/** Applies the edits, runs `run`, and always restores the files and dist/. */
function withEdits<T>(edits: readonly Edit[], run: () => T): T {
  const originals = new Map<string, string>();
  const created: string[] = [];
  try {
    for (const [file, from, to] of edits) {
      const target = path.join(root, file);
      if (from === null) {
        if (fs.existsSync(target)) throw new Error(`test setup: ${file} exists`);
        fs.writeFileSync(target, to);
        created.push(target);
        continue;
      }
      const before = fs.readFileSync(target, 'utf8');
      if (!originals.has(file)) originals.set(file, before);
      const after = before.replace(from, to);
      if (after === before) throw new Error(`test setup: ${String(from)} not found in ${file}`);
      fs.writeFileSync(target, after);
    }
    return run();
  } finally {
    for (const [file, text] of originals) fs.writeFileSync(path.join(root, file), text);
    for (const file of created) fs.rmSync(file);
    fs.rmSync(dist, { recursive: true, force: true });
    for (const [file, bytes] of distBefore) {
      fs.mkdirSync(path.dirname(path.join(dist, file)), { recursive: true });
      fs.writeFileSync(path.join(dist, file), bytes, 'latin1');
    }
  }
}

const synth = (args: string[] = []) => runTypeScript(root, 'main.ts', args);
const linesOf = (output: string, prefix: string) => output.split('\n').filter((line) => line.startsWith(prefix));

/** An acknowledgement entry appended to prod's settings. */
function acknowledgement(object: string, field: string, before: string, after: string): Edit {
  return [PROD, /\n*$/, `\n\nacknowledgements:\n  - object: ${object}\n    field: "${field}"\n    before: "${before}"\n    after: "${after}"\n    reason: tested procedure\n`];
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The synth refuses: exit 1, exactly these findings (environment, object, field), no stack trace, dist/ unchanged. */
function expectRefused(edits: readonly Edit[], expected: ReadonlyArray<{ environment?: string; object: string; field: string; change?: string; rule: string }>): string[] {
  return withEdits(edits, () => {
    const result = synth();
    expect(result.status).toBe(1);
    expect(result.stderr).not.toMatch(/^\s+at /m);
    const errors = linesOf(result.stderr, 'error: ');
    expect(errors).toEqual(
      expected.map(({ environment = 'prod', object, field, change, rule }) =>
        expect.stringMatching(new RegExp(`^error: ${environment}: ${escape(object)}: field "${escape(field)}": ${change ? escape(change) : '.+ → .+'}: .+; safely: .+ \\[${rule}\\]$`)),
      ),
    );
    expect(result.stderr).toContain('day-2 problem(s) found; dist/ was left unchanged.');
    expect(snapshotTree(dist)).toEqual(distBefore);
    return errors;
  });
}

describe('a change the cluster would refuse, or that loses data, stops the synth', () => {
  test('growing a StatefulSet claim template (storage.db-data.size 100Gi → 200Gi): the issue’s own example', () => {
    const [line] = expectRefused([[PROD, 'db-data: { size: 100Gi', 'db-data: { size: 200Gi']], [
      { object: 'StatefulSet/db', field: 'spec.volumeClaimTemplates[db-data].spec.resources.requests.storage', change: '100Gi → 200Gi', rule: 'statefulset-claim-templates' },
    ]);
    expect(line).toContain(`kubectl -n tramites-prod patch pvc db-data-db-0 -p '{"spec":{"resources":{"requests":{"storage":"200Gi"}}}}'`);
    expect(line).toContain('kubectl -n tramites-prod delete statefulset db --cascade=orphan, then sync');
  });

  test('a new storage class for a claim template', () => {
    expectRefused([[PROD, 'redis-data: { size: 5Gi, storageClass: premium-rwo }', 'redis-data: { size: 5Gi, storageClass: ultra-rwo }']], [
      { object: 'StatefulSet/redis', field: 'spec.volumeClaimTemplates[redis-data].spec.storageClassName', change: 'premium-rwo → ultra-rwo', rule: 'statefulset-claim-templates' },
    ]);
  });

  test('a new storage class for the shared claim', () => {
    expectRefused([[PROD, 'backend-uploads: { size: 200Gi, storageClass: files-rwx }', 'backend-uploads: { size: 200Gi, storageClass: nfs-rwx }']], [
      { object: 'PersistentVolumeClaim/backend-uploads', field: 'spec.storageClassName', change: 'files-rwx → nfs-rwx', rule: 'claim-immutable-fields' },
    ]);
  });

  test('a persistent mount moved in the base compose file: redis keeps its AOF at another path, in every environment', () => {
    expectRefused(
      [[BASE, '      - redis-data:/data', '      - redis-data:/var/lib/redis']],
      ['dev', 'staging', 'prod'].map((environment) => ({
        environment,
        object: 'StatefulSet/redis',
        field: 'spec.template.spec.containers[redis].volumeMounts[redis-data].mountPath',
        change: '/data → /var/lib/redis',
        rule: 'persistent-mount-kept',
      })),
    );
  });

  test('a second replica of redis, which owns a ReadWriteOnce volume', () => {
    expectRefused([['compose/docker-compose.prod.yml', /\n*$/, '\n  redis:\n    deploy:\n      replicas: 2\n']], [
      { object: 'StatefulSet/redis', field: 'spec.replicas', change: '1 → 2', rule: 'single-writer-volumes' },
    ]);
  });

  test('a renamed namespace: one line for the namespace, naming every claim left behind (the backup claim included) and the public address', () => {
    const [line] = expectRefused([[PROD, 'namespace: tramites-prod', 'namespace: tramites-production']], [
      { object: 'Namespace/tramites-prod', field: 'metadata.name', change: 'tramites-prod → (none)', rule: 'namespace-kept' },
    ]);
    expect(line).toContain('the objects move to tramites-production and start empty there: the data of claims ');
    for (const claim of ['db-data-db-0', 'redis-data-redis-0', 'db-backup', 'backend-uploads']) expect(line).toContain(claim);
    expect(line).toContain('Service/nginx releases its public address');
  });

  test('a renamed environment: the old one leaves the render with its namespace, on one line', () => {
    const prodSettings = fs.readFileSync(path.join(root, PROD), 'utf8');
    const [line] = expectRefused(
      [
        ['environments/stack.yaml', 'environments: [dev, staging, prod]', 'environments: [dev, staging, production]'],
        // An exception scoped to the environment follows its new name, or the loader refuses it.
        ['environments/stack.yaml', '      - prod\n    service: backend', '      - production\n    service: backend'],
        ['environments/production.yaml', null, prodSettings.replace('namespace: tramites-prod', 'namespace: tramites-production')],
      ],
      [{ object: 'Namespace/tramites-prod', field: 'metadata.name', change: 'tramites-prod → (none)', rule: 'namespace-kept' }],
    );
    expect(line).toContain('the environment leaves the render: the data of claims ');
    expect(line).toContain('db-data-db-0');
  });

  test('a service changing workload kind: db-data shared (ReadWriteMany) turns the db StatefulSet into a Deployment', () => {
    const errors = expectRefused(
      [
        ['environments/stack.yaml', 'db-data: { accessMode: ReadWriteOnce }', 'db-data: { accessMode: ReadWriteMany }'],
        ['environments/dev.yaml', 'db-data: { size: 10Gi }', 'db-data: { size: 10Gi, storageClass: files-rwx }'],
        ['environments/staging.yaml', 'db-data: { size: 20Gi, storageClass: premium-rwo }', 'db-data: { size: 20Gi, storageClass: files-rwx }'],
        [PROD, 'db-data: { size: 100Gi, storageClass: premium-rwo }', 'db-data: { size: 100Gi, storageClass: files-rwx }'],
      ],
      ['dev', 'staging', 'prod'].flatMap((environment) => [
        { environment, object: 'StatefulSet/db', field: 'spec.volumeClaimTemplates[db-data].metadata.name', change: 'db-data → (none)', rule: 'claims-kept' },
        { environment, object: 'Deployment/db', field: 'kind', change: 'StatefulSet → Deployment', rule: 'workload-kind-kept' },
      ]),
    );
    expect(errors[5]).toContain('service db turns from StatefulSet/db into Deployment/db');
  });
});

describe('an object the API server would refuse is never written', () => {
  test('an environment whose name makes app.kubernetes.io/instance longer than 63 characters', () => {
    const name = 'quality-assurance-for-the-immigration-procedures-of-panama-x';
    const devSettings = fs.readFileSync(path.join(root, 'environments/dev.yaml'), 'utf8');
    withEdits(
      [
        ['environments/stack.yaml', 'environments: [dev, staging, prod]', `environments: [dev, staging, prod, ${name}]`],
        [`environments/${name}.yaml`, null, devSettings.replace('namespace: tramites-dev', 'namespace: tramites-qa')],
      ],
      () => {
        const result = synth();
        expect(result.status).toBe(1);
        const errors = linesOf(result.stderr, 'error: ');
        expect(errors.length).toBeGreaterThan(10);
        expect(errors[0]).toBe(
          `error: ${name}: Namespace/tramites-qa: field "metadata.labels[app.kubernetes.io/instance]": "tramites-${name}" is longer than 63 characters, the most a label value may hold [label-formats]`,
        );
        // The environment's own objects, and its Argo CD Application, which carries the same label.
        for (const line of errors) expect(line).toMatch(new RegExp(`^error: (${name}|argocd): [A-Za-z]+/[a-z0-9-]+: field ".+": .+ \\[[a-z-]+\\]$`));
        expect(result.stderr).toContain(`${errors.length} object(s) the API server would refuse; dist/ was left unchanged.`);
        expect(snapshotTree(dist)).toEqual(distBefore);
      },
    );
  });
});

describe('the same change with its acknowledgement goes through and prints the procedure', () => {
  const growth = [PROD, 'db-data: { size: 100Gi', 'db-data: { size: 200Gi'] as const;
  const acknowledged = acknowledgement('StatefulSet/db', 'spec.volumeClaimTemplates[db-data].spec.resources.requests.storage', '100Gi', '200Gi');

  test('the synth writes dist/, prints the procedure and the plan; the next synth warns the acknowledgement is applied and changes nothing', () => {
    withEdits([growth, acknowledged], () => {
      const first = synth();
      expect(first.status).toBe(0);
      expect(linesOf(first.stdout, 'acknowledged: ')).toEqual([
        expect.stringMatching(/^acknowledged: prod: StatefulSet\/db: field "spec\.volumeClaimTemplates\[db-data\]\.spec\.resources\.requests\.storage": 100Gi → 200Gi: .*kubectl -n tramites-prod patch pvc db-data-db-0 .*--cascade=orphan/),
      ]);
      expect(linesOf(first.stdout, 'plan: ')).toEqual(['plan: dev: no changes', 'plan: staging: no changes', 'plan: prod: 0 added, 1 changed, 0 removed; no pod restarts']);
      const written = snapshotTree(dist);
      expect(written.get('prod/tramites.k8s.yaml')).toContain('storage: 200Gi');

      const second = synth();
      expect(second.status).toBe(0);
      expect(linesOf(second.stderr, 'warning: ')).toEqual([
        expect.stringMatching(/^warning: environments\/prod\.yaml:\d+: field "acknowledgements\.0": StatefulSet\/db field ".*": 100Gi → 200Gi is already in dist\/: the change is made, remove this acknowledgement$/),
      ]);
      expect(linesOf(second.stdout, 'plan: ')).toEqual(['plan: dev: no changes', 'plan: staging: no changes', 'plan: prod: no changes']);
      expect(snapshotTree(dist)).toEqual(written);
    });
  });

  test('an acknowledgement that matches no pending change and is not in dist/ either is an error naming its file, line and field', () => {
    withEdits([acknowledged], () => {
      const result = synth();
      expect(result.status).toBe(1);
      expect(linesOf(result.stderr, 'error: ')).toEqual([
        expect.stringMatching(/^error: environments\/prod\.yaml:\d+: field "acknowledgements\.0": StatefulSet\/db field ".*": 100Gi → 200Gi matches no pending change, and dist\/ does not hold it either/),
      ]);
      expect(snapshotTree(dist)).toEqual(distBefore);
    });
  });

  test('a new storage class for the shared claim, acknowledged, goes through with its procedure', () => {
    withEdits(
      [
        [PROD, 'backend-uploads: { size: 200Gi, storageClass: files-rwx }', 'backend-uploads: { size: 200Gi, storageClass: nfs-rwx }'],
        acknowledgement('PersistentVolumeClaim/backend-uploads', 'spec.storageClassName', 'files-rwx', 'nfs-rwx'),
      ],
      () => {
        const result = synth();
        expect(result.status).toBe(0);
        expect(linesOf(result.stdout, 'acknowledged: ')).toEqual([
          expect.stringMatching(/^acknowledged: prod: PersistentVolumeClaim\/backend-uploads: field "spec\.storageClassName": files-rwx → nfs-rwx: .*; procedure: keep the field; to move the data, create a new claim/),
        ]);
        expect(snapshotTree(dist).get('prod/tramites.k8s.yaml')).toContain('storageClassName: nfs-rwx');
      },
    );
  });

  test('a renamed namespace takes one acknowledgement, and the synth prints what to move', () => {
    withEdits([[PROD, 'namespace: tramites-prod', 'namespace: tramites-production'], acknowledgement('Namespace/tramites-prod', 'metadata.name', 'tramites-prod', '(none)')], () => {
      const result = synth();
      expect(result.status).toBe(0);
      expect(linesOf(result.stdout, 'acknowledged: ')).toEqual([
        expect.stringMatching(/^acknowledged: prod: Namespace\/tramites-prod: field "metadata\.name": tramites-prod → \(none\): .*; procedure: keep the namespace tramites-prod; to move, reserve the public address first .* \[namespace-kept\]$/),
      ]);
      expect(snapshotTree(dist).get('prod/tramites.k8s.yaml')).toContain('namespace: tramites-production');
    });
  });

  test('an acknowledgement with a different size accepts nothing', () => {
    withEdits([growth, acknowledgement('StatefulSet/db', 'spec.volumeClaimTemplates[db-data].spec.resources.requests.storage', '100Gi', '300Gi')], () => {
      const result = synth();
      expect(result.status).toBe(1);
      expect(linesOf(result.stderr, 'error: ')).toHaveLength(2);
      expect(snapshotTree(dist)).toEqual(distBefore);
    });
  });
});

describe('ordinary changes go through with a plan line and no finding', () => {
  test.each([
    ['a new image tag', [PROD, 'frontend: { repository: ghcr.io/juncid/tramites-frontend, tag: 1.0.0 }', 'frontend: { repository: ghcr.io/juncid/tramites-frontend, tag: 1.0.1 }'], 'plan: prod: 0 added, 1 changed, 0 removed; restarts Deployment/frontend'],
    ['a changed limit', [BASE, 'memory: 8G', 'memory: 10G'], /^plan: prod: 0 added, 1 changed, 0 removed; restarts StatefulSet\/db$/],
    ['a changed variable', [PROD, 'ENVIRONMENT: production', 'ENVIRONMENT: prod'], /^plan: prod: 0 added, \d+ changed, 0 removed; restarts Deployment\/backend-blue, Deployment\/backend-green$/],
    ['a shared claim that grows (a note with its condition, not a refusal)', [PROD, 'backend-uploads: { size: 200Gi', 'backend-uploads: { size: 300Gi'], 'plan: prod: 0 added, 1 changed, 0 removed; no pod restarts'],
  ] as const)('%s', (_name, edit, plan) => {
    withEdits([edit as unknown as Edit], () => {
      const result = synth();
      expect(result.status).toBe(0);
      expect(linesOf(result.stderr, 'error: ')).toEqual([]);
      expect(linesOf(result.stdout, 'acknowledged: ')).toEqual([]);
      expect(linesOf(result.stdout, 'plan: prod')).toEqual([typeof plan === 'string' ? plan : expect.stringMatching(plan)]);
      expect(snapshotTree(dist)).not.toEqual(distBefore);
    });
  });

  test('a second replica of redis once the settings declare its volume replicable', () => {
    withEdits(
      [
        ['compose/docker-compose.prod.yml', /\n*$/, '\n  redis:\n    deploy:\n      replicas: 2\n'],
        ['environments/stack.yaml', 'redis-data: { accessMode: ReadWriteOnce }', 'redis-data: { accessMode: ReadWriteOnce, replicable: true }'],
      ],
      () => {
        const result = synth();
        expect(linesOf(result.stderr, 'error: ')).toEqual([]);
        expect(result.status).toBe(0);
        expect(linesOf(result.stdout, 'plan: prod')).toEqual([expect.stringMatching(/^plan: prod: \d+ added, \d+ changed, 0 removed; restarts StatefulSet\/redis$/)]);
      },
    );
    withEdits([['environments/stack.yaml', 'redis-data: { accessMode: ReadWriteOnce }', 'redis-data: { accessMode: ReadWriteOnce, replicable: yes }']], () => {
      expect(linesOf(synth().stderr, 'error: ')).toEqual([expect.stringMatching(/^error: environments\/stack\.yaml:\d+: field "volumes\.redis-data\.replicable": must be true or false$/)]);
    });
  });

  test('the shared claim growth is printed with the storage class condition', () => {
    withEdits([[PROD, 'backend-uploads: { size: 200Gi', 'backend-uploads: { size: 300Gi']], () => {
      expect(linesOf(synth().stdout, 'note: ')).toEqual([
        expect.stringContaining("prod: PersistentVolumeClaim/backend-uploads: field \"spec.resources.requests.storage\": 200Gi → 300Gi: the claim grows in place only if it is bound and its storage class allows expansion (kubectl get storageclass files-rwx -o jsonpath='{.allowVolumeExpansion}' must print true)"),
      ]);
    });
  });
});

describe('--against <git revision> (a local git repository)', () => {
  const git = (...args: string[]) => {
    const result = spawnSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.org', ...args], { cwd: root, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`git ${args.join(' ')}: ${result.stderr}`);
    return result.stdout;
  };
  beforeAll(() => {
    fs.writeFileSync(path.join(root, '.gitignore'), 'node_modules\n.cdk8s.out\n');
    git('init', '-q');
    git('add', '.');
    git('commit', '-qm', 'first render');
  });

  test('a single commit: HEAD~1 is refused with one line, and dist/ is unchanged', () => {
    const result = synth(['--against', 'HEAD~1']);
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe('error: --against HEAD~1: "HEAD~1" is not a commit of this git repository');
    expect(snapshotTree(dist)).toEqual(distBefore);
  });

  test('a commit that already contains a refused change passes a plain synth but fails against the previous commit', () => {
    withEdits([[PROD, 'db-data: { size: 100Gi', 'db-data: { size: 200Gi']], () => {
      // dist/ edited to match, as a hand-made commit (or one whose acknowledgement was dropped) would be.
      const file = path.join(dist, 'prod', 'tramites.k8s.yaml');
      fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('storage: 100Gi', 'storage: 200Gi'));
      git('commit', '-qam', 'grow the database volume');
      try {
        expect(synth().status).toBe(0);
        const against = synth(['--against', 'HEAD~1']);
        expect(against.status).toBe(1);
        expect(linesOf(against.stderr, 'error: ')).toEqual([expect.stringMatching(/^error: prod: StatefulSet\/db: field "spec\.volumeClaimTemplates\[db-data\]\.spec\.resources\.requests\.storage": 100Gi → 200Gi: /)]);
        expect(synth(['--against=HEAD']).status).toBe(0);
      } finally {
        git('reset', '-q', '--hard', 'HEAD~1');
      }
    });
  });

  test('a revision without dist/<env> (a new environment) compares with nothing: everything is added', () => {
    withEdits([], () => {
      git('rm', '-rq', 'dist/staging');
      git('commit', '-qm', 'drop staging from git');
      try {
        fs.mkdirSync(path.join(dist, 'staging'), { recursive: true });
        const result = synth(['--against', 'HEAD']);
        expect(result.status).toBe(0);
        expect(linesOf(result.stdout, 'plan: staging')).toEqual([expect.stringMatching(/^plan: staging: \d+ added, 0 changed, 0 removed; no pod restarts$/)]);
      } finally {
        git('reset', '-q', '--hard', 'HEAD~1');
      }
    });
  });

  test('a bad command line is refused with the usage', () => {
    expect(synth(['--against']).stderr.trim()).toBe('error: --against needs a git revision (e.g. HEAD~1); usage: npm run synth [-- --against <git revision>]');
    expect(synth(['--frobnicate']).status).toBe(2);
  });
});

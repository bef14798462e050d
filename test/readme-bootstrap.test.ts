import * as fs from 'fs';
import * as path from 'path';
import { ENVIRONMENTS, PROJECT_ROOT, synthEnvironment } from './support/project';

/** The text of one `## ` section of the README, up to the next one. */
function readmeSection(title: string): string {
  const readme = fs.readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf(`\n## ${title}\n`);
  if (start < 0) throw new Error(`README has no section "## ${title}"`);
  const end = readme.indexOf('\n## ', start + 1);
  return readme.slice(start, end < 0 ? undefined : end);
}

/** Every value of `field` anywhere in an object tree. */
function valuesOf(tree: unknown, field: string, found = new Set<string>()): Set<string> {
  if (Array.isArray(tree)) for (const item of tree) valuesOf(item, field, found);
  else if (tree !== null && typeof tree === 'object') {
    for (const [key, value] of Object.entries(tree)) {
      if (key === field && typeof value === 'string') found.add(value);
      else valuesOf(value, field, found);
    }
  }
  return found;
}

describe('README "Bootstrap a cluster"', () => {
  const bootstrap = readmeSection('Bootstrap a cluster');
  const manifests = ENVIRONMENTS.flatMap((environment) => synthEnvironment(environment));

  test('its one command is the kubectl apply of the root: no kubectl create secret', () => {
    const commands = [...bootstrap.matchAll(/```bash\n([\s\S]*?)```/g)].flatMap((block) => block[1].split('\n').map((line) => line.trim()).filter(Boolean));
    expect(commands).toEqual(['kubectl apply -f dist/argocd/root.k8s.yaml']);
  });

  // Objects the manifests name but do not create: a pod with an unknown priority class is refused, a
  // claim with an unknown storage class stays Pending, so each is a step before the first sync.
  test.each([
    ['priority class', 'priorityClassName'],
    ['storage class', 'storageClassName'],
  ])('names every %s the manifests reference', (_what, field) => {
    const referenced = [...valuesOf(manifests, field)];
    expect(referenced.length).toBeGreaterThan(0);
    for (const name of referenced) expect(bootstrap).toContain(`\`${name}\``);
  });

  test('names the secret store and the issuer the environments use', () => {
    for (const kind of ['ExternalSecret', 'Certificate']) expect(manifests.some((m) => m.kind === kind)).toBe(true);
    const stores = manifests.filter((m) => m.kind === 'ExternalSecret').map((m) => `${m.spec.secretStoreRef.kind}\` \`${m.spec.secretStoreRef.name}`);
    const issuers = manifests.filter((m) => m.kind === 'Certificate').map((m) => `${m.spec.issuerRef.kind}\` \`${m.spec.issuerRef.name}`);
    for (const reference of new Set([...stores, ...issuers])) expect(bootstrap).toContain(`\`${reference}\``);
  });
});

import { labelFormats } from '../../../lib/validation/rules/label-formats';
import { compliantDeployment, problemsOf, service } from '../fixtures';

describe('label-formats', () => {
  test('refuses a label value of 64 characters (a long stack and environment name in app.kubernetes.io/instance)', () => {
    const deployment = compliantDeployment();
    const value = `${'tramites-migratorios-'.repeat(3)}production`;
    deployment.spec.template.metadata.labels['app.kubernetes.io/instance'] = value;
    expect(problemsOf(labelFormats, deployment)).toEqual([
      `spec.template.metadata.labels[app.kubernetes.io/instance]: "${value}" is longer than 63 characters, the most a label value may hold`,
    ]);
  });

  test('refuses a label value with a space, a key with two slashes, a Service selector value ending in "-" and a bad annotation key', () => {
    const deployment = compliantDeployment();
    deployment.metadata.labels!.team = 'web team';
    deployment.metadata.labels!['a/b/c'] = 'x';
    deployment.metadata.annotations = { 'example.org/-bad': 'x' };
    expect(problemsOf(labelFormats, deployment)).toEqual([
      expect.stringMatching(/^metadata\.labels\[team\]: "web team" is not a valid label value/),
      expect.stringMatching(/^metadata\.labels\[a\/b\/c\]: "a\/b\/c" has a prefix that is not a DNS-1123 subdomain/),
      expect.stringMatching(/^metadata\.annotations\[example\.org\/-bad\]: .* is not a valid key/),
    ]);
    const selecting = service();
    selecting.spec.selector['app.kubernetes.io/name'] = 'backend-';
    expect(problemsOf(labelFormats, selecting)).toEqual([expect.stringMatching(/^spec\.selector\[app\.kubernetes\.io\/name\]: "backend-" is not a valid label value/)]);
  });

  test('refuses annotations of more than 256 KiB in all', () => {
    const deployment = compliantDeployment();
    deployment.metadata.annotations = { 'example.org/blob': 'x'.repeat(256 * 1024) };
    expect(problemsOf(labelFormats, deployment)).toEqual([expect.stringMatching(/^metadata\.annotations: the annotations hold \d+ bytes; the API server accepts at most 262144$/)]);
  });

  test('passes the recommended labels, an empty label value and annotation values of any form', () => {
    const deployment = compliantDeployment();
    deployment.metadata.labels!.empty = '';
    deployment.metadata.annotations = { 'argocd.argoproj.io/sync-options': 'Prune=false,Delete=false', 'checksum/config': 'a b c' };
    expect(problemsOf(labelFormats, deployment)).toEqual([]);
  });
});

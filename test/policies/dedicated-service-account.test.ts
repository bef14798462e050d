import { dedicatedServiceAccount } from '../../lib/policies/dedicated-service-account';
import type { Manifest } from '../../lib/policies/policy';
import { compliantDeployment, compliantServiceAccount, contextOf, podSpec } from './fixtures';

const check = (manifest: Manifest, others: Manifest[] = []) => dedicatedServiceAccount.check(manifest, contextOf([manifest, ...others]));
const NOT_RENDERED = 'pod names service account "backend", which is not rendered: add it';
const TOKEN_OF_BACKEND =
  'pod mounts the token of service account "backend": set automountServiceAccountToken: false on the pod or the ServiceAccount';

describe('dedicated-service-account', () => {
  test('passes a pod that names its own account and turns the token off itself', () => {
    expect(check(compliantDeployment(), [compliantServiceAccount()])).toEqual([]);
  });

  test('passes a pod whose ServiceAccount, in its namespace, turns the token off', () => {
    const deployment = compliantDeployment();
    delete podSpec(deployment).automountServiceAccountToken;
    expect(check(deployment, [compliantServiceAccount()])).toEqual([]);
  });

  test('reports a pod that names no service account', () => {
    const deployment = compliantDeployment();
    delete podSpec(deployment).serviceAccountName;
    expect(check(deployment)).toEqual([
      "pod runs as the namespace's default service account: set serviceAccountName to an account of its own",
    ]);
  });

  test('reports a pod that names the default service account', () => {
    const deployment = compliantDeployment();
    podSpec(deployment).serviceAccountName = 'default';
    expect(check(deployment)).toEqual([
      "pod runs as the namespace's default service account: set serviceAccountName to an account of its own",
    ]);
  });

  test("reports automountServiceAccountToken: true on the pod although its ServiceAccount turns it off (the pod wins)", () => {
    const deployment = compliantDeployment();
    podSpec(deployment).automountServiceAccountToken = true;
    expect(check(deployment, [compliantServiceAccount()])).toEqual([
      'pod mounts its service account token (automountServiceAccountToken: true): set it to false',
    ]);
  });

  test('reports a pod whose ServiceAccount is not among the manifests, and so leaves the token unset', () => {
    const deployment = compliantDeployment();
    delete podSpec(deployment).automountServiceAccountToken;
    expect(check(deployment)).toEqual([NOT_RENDERED, TOKEN_OF_BACKEND]);
  });

  test('reports a pod that leaves the token unset when its ServiceAccount does not turn it off', () => {
    const deployment = compliantDeployment();
    delete podSpec(deployment).automountServiceAccountToken;
    const account = compliantServiceAccount();
    delete account.automountServiceAccountToken;
    expect(check(deployment, [account])).toEqual([TOKEN_OF_BACKEND]);
  });

  test('does not take the setting of a same-named ServiceAccount in another namespace', () => {
    const deployment = compliantDeployment();
    delete podSpec(deployment).automountServiceAccountToken;
    const account = compliantServiceAccount();
    account.metadata.namespace = 'tramites-dev';
    expect(check(deployment, [account])).toEqual([NOT_RENDERED, TOKEN_OF_BACKEND]);
  });

  test('ignores objects that run no pods', () => {
    expect(check(compliantServiceAccount())).toEqual([]);
  });

  test("reports kube-linter's documented example: a pod that names the default service account (default-service-account)", () => {
    const deployment = compliantDeployment();
    podSpec(deployment).serviceAccountName = 'default';
    expect(check(deployment, [compliantServiceAccount()])).toContain(
      "pod runs as the namespace's default service account: set serviceAccountName to an account of its own",
    );
  });

  test("reports kube-linter's documented examples: a service account that is not rendered (non-existent-service-account) and the deprecated serviceAccount field", () => {
    const deployment = compliantDeployment();
    podSpec(deployment).serviceAccountName = 'missing';
    (podSpec(deployment) as any).serviceAccount = 'missing';
    expect(check(deployment, [compliantServiceAccount()])).toEqual([
      'pod names service account "missing", which is not rendered: add it',
      'pod sets the deprecated serviceAccount field: name the account with serviceAccountName only',
    ]);
  });
});

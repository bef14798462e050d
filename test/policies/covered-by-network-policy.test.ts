import { coveredByNetworkPolicy, policyTypesOf } from '../../lib/policies/covered-by-network-policy';
import type { Manifest } from '../../lib/policies/policy';
import { compliantDeployment, compliantNetworkPolicy, compliantServiceAccount, compliantWorkloadsOfEveryKind, contextOf } from './fixtures';

const check = (manifest: Manifest, others: Manifest[]) => coveredByNetworkPolicy.check(manifest, contextOf([manifest, ...others]));
const NEITHER =
  'no NetworkPolicy of its namespace governs Ingress or Egress of its pods: add Ingress and Egress to the policyTypes of one that selects them';
const NO_EGRESS = 'no NetworkPolicy of its namespace governs Egress of its pods: add Egress to the policyTypes of one that selects them';
const NO_INGRESS = 'no NetworkPolicy of its namespace governs Ingress of its pods: add Ingress to the policyTypes of one that selects them';

function networkPolicy(name: string, spec: Record<string, unknown>): Manifest {
  const policy = compliantNetworkPolicy();
  policy.metadata.name = name;
  Object.assign(policy.spec, spec);
  return policy;
}

describe('policyTypesOf', () => {
  test('reads stated policyTypes', () => {
    expect(policyTypesOf(networkPolicy('egress-only', { policyTypes: ['Egress'] }))).toEqual(['Egress']);
  });

  test('defaults to Ingress, plus Egress when the policy has egress rules', () => {
    expect(policyTypesOf(networkPolicy('with-egress', { policyTypes: undefined }))).toEqual(['Ingress', 'Egress']);
    expect(policyTypesOf(networkPolicy('without-egress', { policyTypes: undefined, egress: undefined }))).toEqual(['Ingress']);
  });
});

describe('covered-by-network-policy', () => {
  test('passes pods selected by one policy governing Ingress and Egress', () => {
    expect(check(compliantDeployment(), [compliantNetworkPolicy()])).toEqual([]);
  });

  test('passes pods governed by two policies that share the directions, one selecting all pods with {}', () => {
    const ingress = networkPolicy('backend-ingress', { policyTypes: ['Ingress'], egress: undefined });
    const defaultDenyEgress = networkPolicy('default-deny-egress', { podSelector: {}, policyTypes: ['Egress'], ingress: undefined, egress: undefined });
    expect(check(compliantDeployment(), [ingress, defaultDenyEgress])).toEqual([]);
  });

  test('passes a policy that leaves policyTypes out but has egress rules (it governs both)', () => {
    expect(check(compliantDeployment(), [networkPolicy('backend', { policyTypes: undefined })])).toEqual([]);
  });

  test.each(compliantWorkloadsOfEveryKind().map((workload) => [workload.kind, workload]))(
    'reports the pods of a %s that no policy selects',
    (_kind, workload) => {
      expect(check(workload, [])).toEqual([NEITHER]);
    },
  );

  test('reports pods governed for Ingress only', () => {
    expect(check(compliantDeployment(), [networkPolicy('backend', { policyTypes: ['Ingress'] })])).toEqual([NO_EGRESS]);
  });

  test('reports pods governed for Egress only', () => {
    expect(check(compliantDeployment(), [networkPolicy('backend', { policyTypes: ['Egress'] })])).toEqual([NO_INGRESS]);
  });

  test('reports pods whose only policy leaves policyTypes out and has no egress rules (Ingress only)', () => {
    expect(check(compliantDeployment(), [networkPolicy('backend', { policyTypes: undefined, egress: undefined })])).toEqual([NO_EGRESS]);
  });

  test("reports pods whose policy's selector does not match them", () => {
    const other = networkPolicy('frontend', { podSelector: { matchLabels: { 'app.kubernetes.io/name': 'frontend' } } });
    expect(check(compliantDeployment(), [other])).toEqual([NEITHER]);
  });

  test('reports pods whose only matching policy is in another namespace', () => {
    const elsewhere = compliantNetworkPolicy();
    elsewhere.metadata.namespace = 'tramites-staging';
    expect(check(compliantDeployment(), [elsewhere])).toEqual([NEITHER]);
  });

  test('ignores objects that run no pods', () => {
    expect(check(compliantServiceAccount(), [])).toEqual([]);
  });

  test("reports kube-score's documented example: a NetworkPolicy that selects other pods (networkpolicy-not-matching)", () => {
    const policy = compliantNetworkPolicy();
    policy.spec.podSelector = { matchLabels: { app: 'not-foo' } };
    expect(check(compliantDeployment(), [policy])).toHaveLength(1);
  });
});

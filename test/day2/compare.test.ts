import { compare, formatFinding, matchObjects } from '../../lib/day2/compare';
import { formatPlan } from '../../lib/day2/plan';
import { claim, copy, deployment, service, statefulSet } from './fixtures';

const GROWTH = {
  object: 'StatefulSet/db',
  field: 'spec.volumeClaimTemplates[data].spec.resources.requests.storage',
  before: '100Gi',
  after: '200Gi',
  reason: 'the claims were grown by hand first',
};

function grown() {
  const after = statefulSet();
  after.spec.volumeClaimTemplates[0].spec.resources.requests.storage = '200Gi';
  return after;
}

describe('matchObjects', () => {
  test('pairs objects by group, kind, namespace and name, whatever their API version', () => {
    const v1 = { apiVersion: 'autoscaling/v1', kind: 'HorizontalPodAutoscaler', metadata: { name: 'web', namespace: 'a' } };
    const v2 = { ...v1, apiVersion: 'autoscaling/v2' };
    const other = { ...v1, metadata: { name: 'web', namespace: 'b' } };
    expect(matchObjects([v1], [v2, other])).toEqual([{ before: v1, after: v2 }, { before: undefined, after: other }]);
  });
});

describe('compare', () => {
  test('refuses a claim template growth, with one line naming environment, object, field, before → after, consequence and procedure', () => {
    const result = compare({ environment: 'prod', before: [statefulSet()], after: [grown()] });
    expect(result.refused.map((finding) => formatFinding(finding))).toEqual([
      expect.stringMatching(
        /^prod: StatefulSet\/db: field "spec\.volumeClaimTemplates\[data\]\.spec\.resources\.requests\.storage": 100Gi → 200Gi: the API server refuses .*; safely: grow each claim first .*kubectl -n shop-prod delete statefulset db --cascade=orphan, then sync.* \[statefulset-claim-templates\]$/,
      ),
    ]);
    expect(result.plan).toEqual({ environment: 'prod', added: [], changed: ['StatefulSet/db'], removed: [], restarts: [] });
  });

  test('an acknowledgement naming the change accepts it; quantities in it compare by value', () => {
    const result = compare({ environment: 'prod', before: [statefulSet()], after: [grown()], acknowledgements: [{ ...GROWTH, before: '102400Mi' }] });
    expect(result.refused).toEqual([]);
    expect(result.acknowledged).toEqual([expect.objectContaining({ object: 'StatefulSet/db', rule: 'statefulset-claim-templates' })]);
    expect(result.unmatchedAcknowledgements).toEqual([]);
  });

  test('an acknowledgement of another size accepts nothing, and matches nothing', () => {
    const result = compare({ environment: 'prod', before: [statefulSet()], after: [grown()], acknowledgements: [{ ...GROWTH, after: '300Gi' }] });
    expect(result.refused).toHaveLength(1);
    expect(result.unmatchedAcknowledgements).toEqual([0]);
  });

  test('once the change is in the previous render, its acknowledgement is reported applied, not an error: a second synth passes', () => {
    const result = compare({ environment: 'prod', before: [grown()], after: [grown()], acknowledgements: [GROWTH] });
    expect(result.refused).toEqual([]);
    expect(result.appliedAcknowledgements).toEqual([0]);
    expect(result.unmatchedAcknowledgements).toEqual([]);
    expect(formatPlan(result.plan)).toBe('plan: prod: no changes');
  });

  test('an acknowledgement that matches neither a pending change nor the previous render is unmatched', () => {
    const result = compare({ environment: 'prod', before: [statefulSet()], after: [statefulSet()], acknowledgements: [GROWTH] });
    expect(result.unmatchedAcknowledgements).toEqual([0]);
    expect(result.appliedAcknowledgements).toEqual([]);
  });

  test('a note (a claim growing) neither refuses nor needs an acknowledgement', () => {
    const after = claim();
    after.spec.resources.requests.storage = '30Gi';
    const result = compare({ environment: 'prod', before: [claim()], after: [after] });
    expect(result.refused).toEqual([]);
    expect(result.notes).toEqual([expect.objectContaining({ rule: 'claim-immutable-fields', severity: 'note' })]);
  });

  test('the plan counts added, changed and removed objects and names the workloads whose pods restart', () => {
    const web = deployment();
    web.spec.template.spec.containers[0].image = 'example/web:2.0.0';
    const scaled = statefulSet();
    scaled.spec.replicas = 0;
    const result = compare({ environment: 'dev', before: [deployment(), statefulSet(), service()], after: [web, scaled, claim()] });
    expect(result.refused).toEqual([]);
    expect(formatPlan(result.plan)).toBe('plan: dev: 1 added, 2 changed, 1 removed; restarts Deployment/web');
  });

  test('objects that differ only in how a quantity is written are unchanged', () => {
    const after = copy(statefulSet());
    after.spec.volumeClaimTemplates[0].spec.resources.requests.storage = '102400Mi';
    expect(formatPlan(compare({ environment: 'prod', before: [statefulSet()], after: [after] }).plan)).toBe('plan: prod: no changes');
  });

  test('a change found by several rules is reported by each, in the order of the list', () => {
    const moved = statefulSet();
    moved.metadata.namespace = 'shop-production';
    const result = compare({ environment: 'prod', before: [statefulSet()], after: [moved] });
    expect(result.refused.map((finding) => `${finding.rule}: ${finding.object}`)).toEqual(['claims-kept: StatefulSet/shop-prod/db']);
  });
});

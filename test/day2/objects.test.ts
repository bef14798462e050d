import { childPath, describeValue, differingPaths, findObject, homeNamespace, identityOf, objectName, sameValue, valueAt } from '../../lib/day2/objects';
import { deployment, statefulSet } from './fixtures';

describe('valueAt', () => {
  test('follows dotted keys, named list items (by name or metadata.name) and bracketed keys', () => {
    const db = statefulSet();
    expect(valueAt(db, 'spec.volumeClaimTemplates[data].spec.resources.requests.storage')).toBe('100Gi');
    expect(valueAt(db, 'spec.template.spec.containers[db].volumeMounts[data].mountPath')).toBe('/var/lib/db');
    expect(valueAt(db, 'spec.selector.matchLabels[app.kubernetes.io/name]')).toBe('db');
    expect(valueAt(db, 'spec.volumeClaimTemplates[other].metadata.name')).toBeUndefined();
    expect(valueAt(undefined, 'spec')).toBeUndefined();
  });
});

describe('describeValue', () => {
  test('quotes scalars, lists and mappings on one line, and absence as (none)', () => {
    expect(describeValue('100Gi')).toBe('100Gi');
    expect(describeValue(2)).toBe('2');
    expect(describeValue(['ReadWriteOnce'])).toBe('[ReadWriteOnce]');
    expect(describeValue({ b: '2', a: 1, c: undefined })).toBe('{a: 1, b: 2}');
    expect(describeValue(undefined)).toBe('(none)');
    expect(describeValue('')).toBe('""');
  });

  test('names a long value by a digest of its content, the same however its keys are ordered', () => {
    const template = statefulSet().spec.template;
    const reordered = { spec: template.spec, metadata: template.metadata };
    expect(describeValue(template)).toMatch(/^a mapping #[0-9a-f]{12}$/);
    expect(describeValue(reordered)).toBe(describeValue(template));
    expect(describeValue(deployment().spec.template)).not.toBe(describeValue(template));
  });
});

describe('sameValue and differingPaths', () => {
  test('compare quantities by value under requests and limits only', () => {
    expect(sameValue({ resources: { requests: { storage: '100Gi' } } }, { resources: { requests: { storage: '102400Mi' } } })).toBe(true);
    expect(sameValue({ image: '1' }, { image: '1.0' })).toBe(false);
    expect(sameValue({ a: undefined, b: null }, {})).toBe(true);
  });

  test('name each differing leaf, named list items by name', () => {
    const before = statefulSet();
    const after = statefulSet();
    after.spec.volumeClaimTemplates[0].spec.storageClassName = 'slow';
    after.spec.selector.matchLabels['app.kubernetes.io/instance'] = 'x';
    expect(differingPaths(before.spec, after.spec, 'spec')).toEqual([
      'spec.selector.matchLabels[app.kubernetes.io/instance]',
      'spec.volumeClaimTemplates[data].spec.storageClassName',
    ]);
    expect(childPath('', 'spec')).toBe('spec');
  });
});

describe('object names and identity', () => {
  test('identity is group, kind, namespace and name; names carry the namespace only outside the environment’s', () => {
    const db = statefulSet();
    expect(identityOf(db)).toBe('apps/StatefulSet/shop-prod/db');
    expect(objectName(db)).toBe('StatefulSet/db');
    expect(objectName(db, 'shop-prod')).toBe('StatefulSet/db');
    expect(objectName(db, 'shop-production')).toBe('StatefulSet/shop-prod/db');
    expect(findObject([db], 'StatefulSet/shop-prod/db', 'other')).toBe(db);
    expect(homeNamespace([db, deployment()])).toBe('shop-prod');
  });
});

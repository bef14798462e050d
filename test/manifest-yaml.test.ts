import * as fc from 'fast-check';
import { parseAllDocuments } from 'yaml';
import { toManifestYaml } from '../lib/manifest-yaml';
import { ENVIRONMENTS, synthEnvironment } from './support/project';

/** Reads a stream back as YAML 1.2 (most tools) or YAML 1.1 (kubectl's reader). */
function readBack(text: string, version: '1.1' | '1.2'): unknown[] {
  const documents = parseAllDocuments(text, { version });
  for (const document of documents) if (document.errors.length > 0) throw document.errors[0];
  return documents.map((document) => document.toJS());
}

describe('toManifestYaml', () => {
  test.each(ENVIRONMENTS)('writes the %s manifests so that YAML 1.1 and 1.2 readers get back the same objects', (environment) => {
    const manifests = synthEnvironment(environment);
    const text = toManifestYaml(manifests);
    expect(readBack(text, '1.2')).toEqual(manifests);
    expect(readBack(text, '1.1')).toEqual(manifests);
  });

  test('quotes strings that a YAML 1.1 reader would take for booleans, numbers or timestamps', () => {
    const strings = ['yes', 'No', 'on', 'OFF', 'y', 'true', 'null', '~', '0755', '1:30', '1.0.0', '0.0.0.0', '2019-01-01', '1e3', 'e0', '._', '.5', '0x1F', '=', '<<', '8000'];
    const text = toManifestYaml([{ values: strings }]);
    for (const value of strings) expect(text).toContain(`- ${JSON.stringify(value)}`);
    expect(readBack(text, '1.1')).toEqual([{ values: strings }]);
  });

  test('writes ordinary Kubernetes values plain', () => {
    expect(toManifestYaml([{ memory: '512Mi', cpu: '500m', image: 'nginx:1.27.3-alpine', path: '/health', flag: '-c', label: 'app.kubernetes.io/name' }])).toBe(
      'memory: 512Mi\ncpu: 500m\nimage: nginx:1.27.3-alpine\npath: /health\nflag: -c\nlabel: app.kubernetes.io/name\n',
    );
  });

  test('nests mappings and sequences two columns deep, sequence items under their key', () => {
    expect(toManifestYaml([{ spec: { ports: [{ name: 'http', port: 80 }], selector: { app: 'web' }, empty: [], none: {} } }])).toBe(
      ['spec:', '  ports:', '    - name: http', '      port: 80', '  selector:', '    app: web', '  empty: []', '  none: {}', ''].join('\n'),
    );
  });

  test('writes multi-line strings as literal blocks, keeping the trailing newline', () => {
    expect(toManifestYaml([{ data: { 'nginx.conf': 'events {\n  worker_connections 1024;\n}\n' } }])).toBe(
      ['data:', '  nginx.conf: |', '    events {', '      worker_connections 1024;', '    }', ''].join('\n'),
    );
  });

  test('separates documents with ---', () => {
    expect(toManifestYaml([{ a: 1 }, { b: true }])).toBe('a: 1\n---\nb: true\n');
  });

  test('property: any JSON document reads back identically under YAML 1.1 and 1.2', () => {
    const key = fc.oneof(fc.string(), fc.constantFrom('yes', 'on', '1', '- x', 'a: b', '#c', '<<'));
    const json = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        fc.string({ unit: 'grapheme' }),
        fc.string(),
        fc.constantFrom('yes', 'No', '0o17', '1_000', '12:30:00', '2001-12-14t21:59:43.10-05:00', ' lead', 'trail ', 'a\nb', '\n', 'x\n\n', '  indented\nblock', 'tab\there', '- item', '? q', ': c', '"q"', "'q'", '@at', '`tick', '%pct', '!tag', '&anchor', '*alias', '{b}', '[s]', 'a #b', 'a: b'),
        fc.integer(),
        fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Object.is(n, -0)),
        fc.boolean(),
        fc.constant(null),
        fc.array(tie('value'), { maxLength: 4 }),
        fc.dictionary(key, tie('value'), { maxKeys: 4 }),
      ),
    })).value;
    fc.assert(
      fc.property(fc.array(fc.dictionary(key, json, { maxKeys: 5 }), { minLength: 1, maxLength: 3 }), (documents) => {
        const text = toManifestYaml(documents);
        expect(readBack(text, '1.2')).toEqual(documents);
        expect(readBack(text, '1.1')).toEqual(documents);
      }),
      { numRuns: 300 },
    );
  });
});

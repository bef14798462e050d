import * as fs from 'fs';

/**
 * Offline schema checks for rendered objects, against each Kubernetes release the manifests are written
 * for (the oldest, 1.27, and the newest, 1.34):
 *
 * 1. Types, enums and required fields: the OpenAPI validators of the `kubernetes-models` package (one
 *    schema, of a release between the two, for both).
 * 2. Kinds and fields, which those validators let through: the API of each release as generated into
 *    cdk8s-plus-27's and cdk8s-plus-34's L1 bindings. Their `toJson_<Type>` functions list every field of
 *    each API type, and their classes every kind the release serves. A kind outside that list has been
 *    removed (or was never there); a field outside it is one that release's API server rejects under
 *    strict field validation, or silently drops.
 * 3. Deprecations: the bindings' declarations carry the API's own documentation, where a deprecated kind
 *    says "This API is deprecated in v1.NN+" and a deprecated field "Deprecated: use … instead". Those are
 *    served today and removed later; the manifests use neither.
 */

/** The releases checked, and the generated bindings that describe each. */
export const KUBERNETES_RELEASES = {
  '1.27': 'cdk8s-plus-27/lib/imports/k8s',
  '1.34': 'cdk8s-plus-34/lib/imports/k8s',
} as const;
export type KubernetesRelease = keyof typeof KUBERNETES_RELEASES;

interface FieldShape {
  /** Name of the nested type, when the field is an object. */
  readonly type?: string;
  readonly collection: 'single' | 'array' | 'map';
}
export type FieldTree = Map<string, Map<string, FieldShape>>;

/** Reads every `toJson_<Type>` function of generated cdk8s bindings into a type → fields table. */
export function fieldTreeFromBindings(source: string): FieldTree {
  const tree: FieldTree = new Map();
  const functions = source.split(/\n(?:export )?function toJson_/).slice(1);
  for (const body of functions) {
    const typeName = /^(\w+)\(/.exec(body)?.[1];
    const result = /const result = \{\n([\s\S]*?)\n\s*\};/.exec(body);
    if (!typeName || !result) continue;
    const fields = new Map<string, FieldShape>();
    for (const line of result[1].split('\n')) {
      const field = /^\s*'([^']+)': (.*),$/.exec(line);
      if (!field) continue;
      const [, name, expression] = field;
      const nested = /toJson_(\w+)\(/.exec(expression)?.[1];
      const collection = expression.includes('Object.entries') ? 'map' : expression.includes('?.map(') ? 'array' : 'single';
      fields.set(name, { type: nested, collection });
    }
    tree.set(typeName, fields);
  }
  return tree;
}

/** What one release's declarations mark deprecated: kinds (by L1 class name) and fields (type → JSON names). */
export interface Deprecations {
  readonly classes: ReadonlySet<string>;
  readonly fields: ReadonlyMap<string, ReadonlySet<string>>;
}

/** A field's or class's own documentation says it is deprecated (not merely that something else is). */
const DEPRECATED_DOC = /\bDeprecated[:.]|This API is deprecated|is a deprecated alias/;

/** Reads the deprecated kinds and fields out of generated cdk8s declarations (`k8s.d.ts`). */
export function deprecationsFromDeclarations(source: string): Deprecations {
  const classes = new Set<string>();
  for (const match of source.matchAll(/\/\*\*((?:(?!\*\/)[\s\S])*)\*\/\s*export declare class (\w+) /g)) {
    if (DEPRECATED_DOC.test(match[1])) classes.add(match[2]);
  }
  const fields = new Map<string, Set<string>>();
  for (const chunk of source.split(/\nexport interface /).slice(1)) {
    const typeName = /^(\w+)/.exec(chunk)![1];
    for (const match of chunk.matchAll(/\/\*\*((?:(?!\*\/)[\s\S])*)\*\/\s*readonly \w+\??:/g)) {
      const jsonName = /@schema [\w.-]+#(\S+)/.exec(match[1])?.[1];
      if (!jsonName || !DEPRECATED_DOC.test(match[1])) continue;
      if (!fields.has(typeName)) fields.set(typeName, new Set());
      fields.get(typeName)!.add(jsonName);
    }
  }
  return { classes, fields };
}

interface ReleaseSchema {
  readonly fields: FieldTree;
  /** The L1 class of each `apiVersion/kind`, e.g. `autoscaling/v2/HorizontalPodAutoscaler` → `KubeHorizontalPodAutoscalerV2`. */
  readonly classes: ReadonlyMap<string, string>;
  readonly deprecations: Deprecations;
}

const schemas = new Map<KubernetesRelease, ReleaseSchema>();
/** One release's schema, read once from its bindings (the module, its source and its declarations). */
function releaseSchema(release: KubernetesRelease): ReleaseSchema {
  let schema = schemas.get(release);
  if (!schema) {
    const modulePath = require.resolve(`${KUBERNETES_RELEASES[release]}.js`);
    const bindings: Record<string, { GVK?: { apiVersion: string; kind: string } }> = require(modulePath);
    const classes = new Map<string, string>();
    for (const [name, binding] of Object.entries(bindings)) {
      if (binding?.GVK) classes.set(`${binding.GVK.apiVersion}/${binding.GVK.kind}`, name);
    }
    schema = {
      fields: fieldTreeFromBindings(fs.readFileSync(modulePath, 'utf8')),
      classes,
      deprecations: deprecationsFromDeclarations(fs.readFileSync(modulePath.replace(/\.js$/, '.d.ts'), 'utf8')),
    };
    schemas.set(release, schema);
  }
  return schema;
}

/** The Kubernetes 1.27 field table, read once from cdk8s-plus-27's bindings. */
export function kubernetes127Fields(): FieldTree {
  return releaseSchema('1.27').fields;
}

/**
 * Paths of every field of `value` that its type does not declare (`spec.template.spec.bogus`), and, when
 * `deprecated` is given, of every field it declares deprecated, marked `(deprecated)`.
 */
export function unknownFields(value: unknown, typeName: string, tree: FieldTree, path = '', deprecated?: Deprecations['fields']): string[] {
  const fields = tree.get(typeName);
  if (!fields) throw new Error(`no field table for type ${typeName}`);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [];
  const problems: string[] = [];
  for (const [key, child] of Object.entries(value)) {
    const fieldPath = path ? `${path}.${key}` : key;
    const shape = fields.get(key);
    if (!shape) {
      problems.push(fieldPath);
      continue;
    }
    if (deprecated?.get(typeName)?.has(key)) problems.push(`${fieldPath} (deprecated)`);
    if (!shape.type) continue;
    const items = shape.collection === 'array' ? (Array.isArray(child) ? child : []) : shape.collection === 'map' ? Object.values(child ?? {}) : [child];
    items.forEach((item, index) => {
      const itemPath = shape.collection === 'single' ? fieldPath : `${fieldPath}[${shape.collection === 'array' ? index : Object.keys(child)[index]}]`;
      problems.push(...unknownFields(item, shape.type!, tree, itemPath, deprecated));
    });
  }
  return problems;
}

/** The `kubernetes-models` class for an apiVersion and kind, e.g. apps/v1 Deployment. */
function modelClass(apiVersion: string, kind: string): new (data: unknown) => { validate(): void } {
  // The package lays classes out by API group path: `v1/Service`, `apps/v1/Deployment`.
  const loaded = require(`kubernetes-models/${apiVersion}/${kind}`);
  return loaded[kind] ?? loaded.default;
}

/**
 * Every problem the checks find in one Kubernetes object for one release (1.27 unless told); empty when it
 * is valid there.
 */
export function kubernetesSchemaProblems(manifest: { apiVersion: string; kind: string; [key: string]: unknown }, release: KubernetesRelease = '1.27'): string[] {
  const problems: string[] = [];
  try {
    const Model = modelClass(manifest.apiVersion, manifest.kind);
    new Model(manifest).validate();
  } catch (error) {
    problems.push(`OpenAPI: ${(error as Error).message}`);
  }
  const schema = releaseSchema(release);
  const { apiVersion: _apiVersion, kind: _kind, ...body } = manifest;
  const bindingName = schema.classes.get(`${manifest.apiVersion}/${manifest.kind}`);
  if (!bindingName) return [...problems, `unknown kind: ${manifest.apiVersion} ${manifest.kind} is not part of Kubernetes ${release}`];
  if (schema.deprecations.classes.has(bindingName)) problems.push(`deprecated kind: ${manifest.apiVersion} ${manifest.kind} is deprecated in Kubernetes ${release}`);
  for (const field of unknownFields(body, `${bindingName}Props`, schema.fields, '', schema.deprecations.fields)) {
    problems.push(field.endsWith(' (deprecated)') ? `deprecated field: ${field.replace(/ \(deprecated\)$/, '')}` : `unknown field: ${field}`);
  }
  return problems;
}

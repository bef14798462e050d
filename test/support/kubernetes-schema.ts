import * as fs from 'fs';

/**
 * Offline schema checks for rendered objects, against Kubernetes 1.27:
 *
 * 1. Types, enums and required fields: the OpenAPI validators of the `kubernetes-models` package.
 * 2. Unknown fields, which those validators let through: the field lists of the Kubernetes 1.27 API
 *    as generated into cdk8s-plus-27's L1 bindings (one `toJson_<Type>` function per API type, listing
 *    every field of that type). A field outside that list is one the 1.27 API server would reject
 *    under strict field validation, or silently drop.
 */

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

let kubernetesFields: FieldTree | undefined;
/** The Kubernetes 1.27 field table, read once from cdk8s-plus-27's bindings. */
export function kubernetes127Fields(): FieldTree {
  kubernetesFields ??= fieldTreeFromBindings(fs.readFileSync(require.resolve('cdk8s-plus-27/lib/imports/k8s.js'), 'utf8'));
  return kubernetesFields;
}

let kubernetesClasses: Map<string, string> | undefined;
/**
 * The L1 class for each `apiVersion/kind` of Kubernetes 1.27 (`autoscaling/v2/HorizontalPodAutoscaler`
 * → `KubeHorizontalPodAutoscalerV2`), read from the classes' own group-version-kind.
 */
function kubernetes127Classes(): Map<string, string> {
  if (!kubernetesClasses) {
    kubernetesClasses = new Map();
    const bindings: Record<string, { GVK?: { apiVersion: string; kind: string } }> = require('cdk8s-plus-27').k8s;
    for (const [name, binding] of Object.entries(bindings)) {
      if (binding?.GVK) kubernetesClasses.set(`${binding.GVK.apiVersion}/${binding.GVK.kind}`, name);
    }
  }
  return kubernetesClasses;
}

/** Paths of every field of `value` that its type does not declare, e.g. `spec.template.spec.bogus`. */
export function unknownFields(value: unknown, typeName: string, tree: FieldTree, path = ''): string[] {
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
    if (!shape.type) continue;
    const items = shape.collection === 'array' ? (Array.isArray(child) ? child : []) : shape.collection === 'map' ? Object.values(child ?? {}) : [child];
    items.forEach((item, index) => {
      const itemPath = shape.collection === 'single' ? fieldPath : `${fieldPath}[${shape.collection === 'array' ? index : Object.keys(child)[index]}]`;
      problems.push(...unknownFields(item, shape.type!, tree, itemPath));
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

/** Every problem the two checks find in one Kubernetes object; empty when it is valid. */
export function kubernetesSchemaProblems(manifest: { apiVersion: string; kind: string; [key: string]: unknown }): string[] {
  const problems: string[] = [];
  try {
    const Model = modelClass(manifest.apiVersion, manifest.kind);
    new Model(manifest).validate();
  } catch (error) {
    problems.push(`OpenAPI: ${(error as Error).message}`);
  }
  const { apiVersion: _apiVersion, kind: _kind, ...body } = manifest;
  const bindingName = kubernetes127Classes().get(`${manifest.apiVersion}/${manifest.kind}`);
  if (!bindingName) return [...problems, `unknown kind: ${manifest.apiVersion} ${manifest.kind} is not part of Kubernetes 1.27`];
  problems.push(...unknownFields(body, `${bindingName}Props`, kubernetes127Fields()).map((field) => `unknown field: ${field}`));
  return problems;
}

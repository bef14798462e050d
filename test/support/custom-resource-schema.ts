import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { fieldTreeFromBindings, unknownFields, type FieldTree } from './kubernetes-schema';
import type { Manifest } from './project';

/**
 * Offline schema checks for the custom resources the project renders, as strict as those for the
 * Kubernetes kinds (kubernetes-schema.ts):
 *
 * 1. Types, enums, patterns and required fields: the validators of the `@kubernetes-models/*` packages,
 *    generated from the same projects' API types (run by custom-resource-validator.mjs, since they are
 *    ES modules only).
 * 2. Unknown fields, which those validators let through: the field lists of the bindings generated with
 *    `cdk8s import` from the CRDs of the releases named in cdk8s.yaml, into imports/.
 */

interface CustomKind {
  /** The validator package's module and class. */
  readonly module: string;
  readonly className: string;
  /** The generated bindings in imports/, and the props type of the kind there. */
  readonly bindings: string;
  readonly propsType: string;
}

/** Every custom resource kind the environments render, by `apiVersion/kind`. */
export const CUSTOM_KINDS: Readonly<Record<string, CustomKind>> = {
  'external-secrets.io/v1/ExternalSecret': {
    module: '@kubernetes-models/external-secrets/external-secrets.io/v1/ExternalSecret',
    className: 'ExternalSecret',
    bindings: 'externalsecret-external-secrets.io.ts',
    propsType: 'ExternalSecretProps',
  },
  'cert-manager.io/v1/Certificate': {
    module: '@kubernetes-models/cert-manager/cert-manager.io/v1/Certificate',
    className: 'Certificate',
    bindings: 'certificate-cert-manager.io.ts',
    propsType: 'CertificateProps',
  },
  'monitoring.coreos.com/v1/PodMonitor': {
    module: '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PodMonitor',
    className: 'PodMonitor',
    bindings: 'podmonitor-monitoring.coreos.com.ts',
    propsType: 'PodMonitorProps',
  },
  'monitoring.coreos.com/v1/PrometheusRule': {
    module: '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule',
    className: 'PrometheusRule',
    bindings: 'prometheusrule-monitoring.coreos.com.ts',
    propsType: 'PrometheusRuleProps',
  },
};

const IMPORTS = path.resolve(__dirname, '..', '..', 'imports');
const VALIDATOR = path.join(__dirname, 'custom-resource-validator.mjs');
const fieldTrees = new Map<string, FieldTree>();

export function customKindOf(manifest: Pick<Manifest, 'apiVersion' | 'kind'>): CustomKind | undefined {
  return CUSTOM_KINDS[`${manifest.apiVersion}/${manifest.kind}`];
}

/** The bindings' field table of a kind, read once. */
export function bindingFields(kind: CustomKind): FieldTree {
  let tree = fieldTrees.get(kind.bindings);
  if (!tree) {
    tree = fieldTreeFromBindings(fs.readFileSync(path.join(IMPORTS, kind.bindings), 'utf8'));
    fieldTrees.set(kind.bindings, tree);
  }
  return tree;
}

/** Every problem of each custom resource (empty: valid), in one run of the validators for all of them. */
export function customResourceProblems(manifests: readonly Manifest[]): string[][] {
  const kinds = manifests.map((manifest) => {
    const kind = customKindOf(manifest);
    if (!kind) throw new Error(`not a custom resource kind this project renders: ${manifest.apiVersion} ${manifest.kind}`);
    return kind;
  });
  const requests = manifests.map((manifest, index) => ({ module: kinds[index].module, kind: kinds[index].className, manifest }));
  const validated: string[][] = JSON.parse(execFileSync(process.execPath, [VALIDATOR], { input: JSON.stringify(requests), encoding: 'utf8' }));
  return manifests.map((manifest, index) => {
    const { apiVersion: _apiVersion, kind: _kind, ...body } = manifest;
    const unknown = unknownFields(body, kinds[index].propsType, bindingFields(kinds[index])).map((field) => `unknown field: ${field}`);
    return [...validated[index], ...unknown];
  });
}

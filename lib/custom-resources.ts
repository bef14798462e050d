/**
 * The custom resources the environments render (External Secrets, cert-manager, prometheus-operator),
 * typed by the bindings `cdk8s import` generated into imports/ from their CRDs, but built as plain
 * ApiObjects: the generated modules are large, and loading them on every synth would cost more than
 * the objects themselves (see the README's benchmark). Only their types are imported, which cost
 * nothing at run time; a test renders every object through the generated classes as well and checks
 * that both agree, so the plain objects cannot drift from the bindings.
 */
import type { ApiObject as CdkApiObject, ApiObjectMetadata } from 'cdk8s';
import type { Construct } from 'constructs';
import { ApiObject } from './api-objects';

/** Group, version and kind of each custom resource, as the generated classes declare them. */
export const CUSTOM_RESOURCE_KINDS = {
  ExternalSecret: { apiVersion: 'external-secrets.io/v1', kind: 'ExternalSecret' },
  Certificate: { apiVersion: 'cert-manager.io/v1', kind: 'Certificate' },
  PodMonitor: { apiVersion: 'monitoring.coreos.com/v1', kind: 'PodMonitor' },
  PrometheusRule: { apiVersion: 'monitoring.coreos.com/v1', kind: 'PrometheusRule' },
} as const;

/**
 * A value of one of the bindings' string enums, checked against the enum's members at compile time
 * (`enumValue<ExternalSecretSpecTargetCreationPolicy>('Owner')`) without loading the module that holds it.
 */
export function enumValue<E extends string>(value: `${E}`): E {
  return value as E;
}

/** One custom resource: `props` is the generated `<Kind>Props` (metadata and spec). */
export function customResource(
  scope: Construct,
  id: string,
  kind: keyof typeof CUSTOM_RESOURCE_KINDS,
  props: { readonly metadata?: ApiObjectMetadata; readonly spec?: unknown },
): CdkApiObject {
  return new ApiObject(scope, id, { ...CUSTOM_RESOURCE_KINDS[kind], ...props });
}

import type { ServiceModel } from '../model';

/** Stakater Reloader's annotation: restart the workload when one of these Secrets changes. */
export const RELOAD_SECRETS_ANNOTATION = 'secret.reloader.stakater.com/reload';
/** The pod template annotation Reloader writes on a restart (its `annotations` reload strategy). */
export const RELOADED_FROM_ANNOTATION = 'reloader.stakater.com/last-reloaded-from';

/** The Secrets a service's pods read, from its model: as variables (`envFrom`, secret keys), then mounted (TLS, compose secrets). */
export function secretsReadBy(service: ServiceModel): string[] {
  const names = new Set<string>();
  for (const source of service.envFrom ?? []) if ('secret' in source) names.add(source.secret);
  if (service.secretName && service.environment.some((variable) => 'secretKey' in variable)) names.add(service.secretName);
  for (const mount of service.mounts) if (mount.kind === 'tls-secret' && mount.secret) names.add(mount.secret);
  // Compose secrets mounted as files: subPath mounts never see an update, so a rotation needs new pods.
  for (const mount of service.mounts) if (mount.kind === 'secret') names.add(mount.secret);
  return [...names];
}

/**
 * The workload annotations that make Reloader roll a workload when a Secret it reads changes: a value
 * rotated in the secret store, a certificate cert-manager renewed. Variables are read only when a
 * container starts, and nginx reads its certificate only when it starts, so a new value needs new pods;
 * the rollout keeps capacity as any other (maxUnavailable 0). Empty for a service that reads no Secret.
 */
export function reloadAnnotations(service: ServiceModel): Record<string, string> {
  const secrets = secretsReadBy(service);
  return secrets.length > 0 ? { [RELOAD_SECRETS_ANNOTATION]: secrets.join(',') } : {};
}

import type { ServiceModel, StackModel } from '../model';

/** Stakater Reloader's annotation: restart the workload when one of these Secrets changes. */
export const RELOAD_SECRETS_ANNOTATION = 'secret.reloader.stakater.com/reload';
/** The pod template annotation Reloader writes on a restart (its `annotations` reload strategy). */
export const RELOADED_FROM_ANNOTATION = 'reloader.stakater.com/last-reloaded-from';

/** The Secrets a service's pods read: the stack's Secret (as variables), the TLS Secret and compose secrets (mounted). */
export function secretsReadBy(service: ServiceModel, stack: StackModel): string[] {
  const names: string[] = [];
  if (service.readsEnvFile || service.environment.some((variable) => 'secretKey' in variable)) names.push(stack.secret.name);
  if (stack.reverseProxy && service.mounts.some((mount) => mount.kind === 'tls-secret')) names.push(stack.reverseProxy.tlsSecret);
  // Compose secrets mounted as files: subPath mounts never see an update, so a rotation needs new pods.
  for (const mount of service.mounts) if (mount.kind === 'secret' && !names.includes(mount.secret)) names.push(mount.secret);
  return names;
}

/**
 * The workload annotations that make Reloader roll a workload when a Secret it reads changes: a value
 * rotated in the secret store, a certificate cert-manager renewed. Variables are read only when a
 * container starts, and nginx reads its certificate only when it starts, so a new value needs new pods;
 * the rollout keeps capacity as any other (maxUnavailable 0). Empty for a service that reads no Secret.
 */
export function reloadAnnotations(service: ServiceModel, stack: StackModel): Record<string, string> {
  const secrets = secretsReadBy(service, stack);
  return secrets.length > 0 ? { [RELOAD_SECRETS_ANNOTATION]: secrets.join(',') } : {};
}

import type { FileReporter } from './report';
import type { EnvironmentSettings, StackSettings } from './settings';

/**
 * Compose names (services, volumes) as Kubernetes names. Compose allows `_` in them, a DNS label does
 * not: the loader renames once, as it reads the compose file and here in the settings, and everything
 * after it (the model, the objects, the settings lookups) uses the Kubernetes name.
 */

/** `my_app` → `my-app`: the stable DNS label a compose service or volume name becomes. */
export function kubernetesName(composeName: string): string {
  return composeName.replace(/_/g, '-');
}

/**
 * The settings with every service and volume they name in its Kubernetes spelling, so that settings
 * may name `my_app` either way. Two keys of one map that become the same name are refused.
 */
export function withKubernetesNamesInStack(stack: StackSettings): StackSettings {
  const keyed = <T>(map: ReadonlyMap<string, T>, field: string) => renameKeys(map, stack.report, field);
  const list = (names: readonly string[]) => names.map(kubernetesName);
  return {
    ...stack,
    podSecurity: keyed(stack.podSecurity, 'podSecurity'),
    shutdown: keyed(stack.shutdown, 'shutdown'),
    volumeAccessModes: keyed(stack.volumeAccessModes, 'volumes'),
    replicableVolumes: new Set([...stack.replicableVolumes].map(kubernetesName)),
    priorityTiers: new Map([...stack.priorityTiers].map(([tier, settings]) => [tier, { ...settings, services: list(settings.services) }])),
    securityExceptions: stack.securityExceptions.map((exception) => (exception.services ? { ...exception, services: list(exception.services) } : exception)),
    jobs: stack.jobs.map((job) => ({ ...job, service: kubernetesName(job.service), ...(job.waitsFor && { waitsFor: list(job.waitsFor) }) })),
    ...(stack.reverseProxy && {
      reverseProxy: {
        ...stack.reverseProxy,
        service: kubernetesName(stack.reverseProxy.service),
        routes: stack.reverseProxy.routes.map((route) => ({ ...route, service: kubernetesName(route.service) })),
      },
    }),
    ...(stack.monitoring && { monitoring: { ...stack.monitoring, scrape: stack.monitoring.scrape.map((scrape) => ({ ...scrape, service: kubernetesName(scrape.service) })) } }),
    ...(stack.database && { database: { ...stack.database, service: kubernetesName(stack.database.service) } }),
  };
}

/** The same for an environment's settings: images, blue/green, autoscaling, storage and exposure by Kubernetes name. */
export function withKubernetesNamesInEnvironment(environment: EnvironmentSettings): EnvironmentSettings {
  return {
    ...environment,
    images: renameKeys(environment.images, environment.report, 'images'),
    blueGreen: renameKeys(environment.blueGreen, environment.report, 'blueGreen'),
    autoscaling: renameKeys(environment.autoscaling, environment.report, 'autoscaling'),
    storage: renameKeys(environment.storage, environment.report, 'storage'),
    exposure: { ...environment.exposure, services: renameKeys(environment.exposure.services, environment.report, 'exposure', 'services') },
  };
}

function renameKeys<T>(map: ReadonlyMap<string, T>, report: FileReporter, ...field: string[]): Map<string, T> {
  const renamed = new Map<string, T>();
  for (const [key, value] of map) {
    const name = kubernetesName(key);
    if (renamed.has(name)) report.error([...field, key], `names "${name}" a second time (as "${key}"): keep one`);
    else renamed.set(name, value);
  }
  return renamed;
}

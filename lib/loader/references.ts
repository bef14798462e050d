import { healthyDependencies, type MountModel, type ServiceAddress, type ServiceModel, type VolumeModel } from '../model';

/** What the services of one environment refer to beyond themselves: the stack's shared objects. */
export interface StackReferences {
  /** The ConfigMap of the `.env` file's non-secret variables. */
  readonly variablesConfigMap: string;
  /** The stack's Secret. */
  readonly secretName: string;
  /**
   * The Secret's keys. A stack whose Secret has none has no Secret for anyone to create, so a service
   * reading the `.env` loads only its ConfigMap. @default the Secret has keys: it is loaded with the ConfigMap
   */
  readonly secretKeys?: readonly string[];
  /** The TLS Secret the reverse proxy mounts; absent without a reverse proxy. */
  readonly tlsSecret?: string;
  /** The named volumes, with their storage. */
  readonly volumes: readonly VolumeModel[];
}

/**
 * Each service with what it needs of the rest of the stack written into its own model: the address of
 * each service it waits for, the ConfigMap and Secret it loads, the Secret its secret variables are
 * keys of, the storage of the volumes it mounts, the TLS Secret it mounts. A construct then builds a
 * service from its model alone, in this stack or in any other cdk8s app.
 *
 * Problems (a dependency without a port, an undeclared volume) are reported where they are written by
 * the checks that own them; here an unresolvable reference is left out rather than reported twice.
 */
export function withReferences(services: readonly ServiceModel[], stack: StackReferences): ServiceModel[] {
  return services.map((service) => ({
    ...service,
    // The `.env` first (its ConfigMap, then the whole Secret), then each other env file: a later one wins.
    envFrom: [
      ...(service.readsEnvFile ? [{ configMap: stack.variablesConfigMap }, ...(stack.secretKeys?.length === 0 ? [] : [{ secret: stack.secretName }])] : []),
      ...(service.envFileConfigMaps ?? []).map((configMap) => ({ configMap })),
    ],
    secretName: stack.secretName,
    waitsFor: addressesOf(healthyDependencies(service), services),
    volumes: stack.volumes.filter((volume) => service.mounts.some((mount) => mount.kind === 'volume' && mount.volume === volume.name)),
    mounts: service.mounts.map((mount): MountModel => (mount.kind === 'tls-secret' && stack.tlsSecret ? { ...mount, secret: stack.tlsSecret } : mount)),
  }));
}

/** The Service address of each named service: its name and the first port its clients use. */
export function addressesOf(names: readonly string[], services: readonly ServiceModel[]): ServiceAddress[] {
  return names.flatMap((name) => {
    const port = services.find((candidate) => candidate.name === name)?.ports[0]?.servicePort;
    return port === undefined ? [] : [{ service: name, port }];
  });
}

import type { ComposeFileContent, ServiceFragment } from './compose-file';
import { mergeNetworks, mergeServiceNetworking, type NetworkSpec } from './compose-networks';
import { mergeContainerOptions } from './compose-container';

/**
 * Merges compose files in order with compose's override rules: scalars and commands are replaced;
 * environment and depends_on merge by key; ports merge by container port and volumes by mount path;
 * env files are appended; secrets and configs merge by target, the top-level ones by name; healthcheck and resource fields override one by one;
 * the container keys merge as `mergeContainerOptions` says; networks merge by key.
 */
export function mergeComposeFiles(files: readonly ComposeFileContent[]): ComposeFileContent {
  const services = new Map<string, ServiceFragment>();
  let name: string | undefined;
  const volumes: string[] = [];
  let networks = new Map<string, NetworkSpec>();
  const externalVolumes = new Map<string, string>();
  const secrets: ComposeFileContent['secrets'] = new Map();
  const configs: ComposeFileContent['configs'] = new Map();
  for (const file of files) {
    name = file.name ?? name;
    networks = mergeNetworks(networks, file.networks);
    for (const volume of file.volumes) if (!volumes.includes(volume)) volumes.push(volume);
    // Top-level entries merge by name: an overlay's entry replaces the base's.
    for (const [volume, claim] of file.externalVolumes) externalVolumes.set(volume, claim);
    for (const [key, secret] of file.secrets) secrets.set(key, secret);
    for (const [key, config] of file.configs) configs.set(key, config);
    for (const [serviceName, fragment] of file.services) {
      const base = services.get(serviceName);
      services.set(serviceName, base ? mergeService(base, fragment) : fragment);
    }
  }
  return { name, services, volumes, externalVolumes, secrets, configs, networks };
}

function mergeService(base: ServiceFragment, overlay: ServiceFragment): ServiceFragment {
  return {
    // Problems about the merged service point at the file that first defined it.
    report: base.report,
    image: overlay.image ?? base.image,
    build: overlay.build ?? base.build,
    entrypoint: overlay.entrypoint ?? base.entrypoint,
    command: overlay.command ?? base.command,
    environment: new Map([...base.environment, ...overlay.environment]),
    envFiles: [...base.envFiles, ...overlay.envFiles.filter((file) => !base.envFiles.some((known) => known.path === file.path))],
    ports: mergeBy(base.ports, overlay.ports, (port) => `${port.target}/${port.protocol}`),
    expose: mergeBy(base.expose, overlay.expose, (port) => `${port.target}/${port.protocol}`),
    volumes: mergeBy(base.volumes, overlay.volumes, (volume) => volume.target),
    secrets: mergeBy(base.secrets, overlay.secrets, (secret) => secret.target ?? secret.source),
    configs: mergeBy(base.configs, overlay.configs, (config) => config.target ?? config.source),
    dependsOn: new Map([...base.dependsOn, ...overlay.dependsOn]),
    healthcheck: base.healthcheck || overlay.healthcheck ? { ...base.healthcheck, ...definedOnly(overlay.healthcheck) } : undefined,
    replicas: overlay.replicas ?? base.replicas,
    limits: { ...base.limits, ...definedOnly(overlay.limits) },
    reservations: { ...base.reservations, ...definedOnly(overlay.reservations) },
    networking: mergeServiceNetworking(base.networking, overlay.networking),
    container: mergeContainerOptions(base.container, overlay.container),
    profiles: overlay.profiles ?? base.profiles,
  };
}

/** Items of `overlay` replace the `base` items with the same key, in place; new ones are appended. */
function mergeBy<T>(base: readonly T[], overlay: readonly T[], key: (item: T) => string): T[] {
  const merged = [...base];
  for (const item of overlay) {
    const index = merged.findIndex((existing) => key(existing) === key(item));
    if (index >= 0) merged[index] = item;
    else merged.push(item);
  }
  return merged;
}

function definedOnly<T extends object>(value: T | undefined): Partial<T> {
  if (!value) return {};
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined)) as Partial<T>;
}

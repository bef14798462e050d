import * as fs from 'fs';
import * as path from 'path';
import type { Manifest } from '../../support/project';
import { imageFacts, type ImageFacts } from './images';
import type { SandboxMount, SandboxOptions, SandboxProcess } from './sandbox';

/** One rendered container with what its pod says about it, ready to run in a sandbox. */
export interface RenderedContainer {
  readonly workload: Manifest;
  readonly container: any;
  readonly pod: any;
  readonly image: ImageFacts;
  /** What the container runs: `command` + `args` over the image's CMD, as the kubelet resolves them. */
  readonly argv: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly user: number;
  readonly group: number;
  readonly fsGroup?: number;
}

/**
 * A container of the workload `name` (a Deployment, StatefulSet, Job or CronJob) in an environment's
 * rendered objects: its main container, or the (init) container named `containerName`.
 */
export function renderedContainer(manifests: readonly Manifest[], name: string, containerName = name): RenderedContainer {
  const workload = manifests.find((object) => WORKLOAD_KINDS.includes(object.kind) && object.metadata.name === name);
  if (!workload) throw new Error(`no ${WORKLOAD_KINDS.join(', ')} named ${name}`);
  return containerOf(workload, containerName);
}

/** The kinds whose objects run pods, and where each keeps its pod template. */
export const WORKLOAD_KINDS = ['Deployment', 'StatefulSet', 'Job', 'CronJob'];

/** The pod template's spec of a Deployment, StatefulSet, Job or CronJob. */
export function podSpecOf(workload: Manifest): any {
  return workload.kind === 'CronJob' ? workload.spec.jobTemplate.spec.template.spec : workload.spec.template.spec;
}

/** One container of a workload, with its pod's user, group and the image's facts. */
export function containerOf(workload: Manifest, containerName: string): RenderedContainer {
  const pod = podSpecOf(workload);
  const container = [...pod.containers, ...(pod.initContainers ?? [])].find((candidate: any) => candidate.name === containerName);
  if (!container) throw new Error(`${workload.kind}/${workload.metadata.name} has no container ${containerName}`);
  const image = imageFacts(container.image);
  const argv = [...(container.command ?? []), ...(container.args ?? (container.command ? [] : image.cmd))];
  const env: Record<string, string> = {};
  for (const variable of container.env ?? []) if (variable.value !== undefined) env[variable.name] = variable.value;
  return {
    workload,
    container,
    pod,
    image,
    argv,
    env,
    user: container.securityContext?.runAsUser ?? pod.securityContext.runAsUser,
    group: container.securityContext?.runAsGroup ?? pod.securityContext.runAsGroup,
    fsGroup: pod.securityContext.fsGroup,
  };
}

/** What the test provides for the volumes that hold data or secrets, by claim or Secret name. */
export interface VolumeSources {
  /** A directory per claim (claim template or PersistentVolumeClaim), kept across restarts. @default none */
  readonly claims?: Readonly<Record<string, string>>;
  /** A directory per Secret, with one file per key. @default none */
  readonly secrets?: Readonly<Record<string, string>>;
  /** Where ConfigMap keys are written to be mounted. */
  readonly scratch: string;
}

/**
 * The container's mounts as the kubelet would make them: emptyDirs as fresh scratch space, ConfigMaps
 * from the rendered ConfigMap objects, claims and Secrets from the test's directories. A volume the
 * test does not provide is an error, so a new volume in the manifests cannot go unnoticed here.
 */
export function renderedMounts(manifests: readonly Manifest[], rendered: RenderedContainer, sources: VolumeSources): SandboxMount[] {
  const claimTemplates: string[] = (rendered.workload.spec.volumeClaimTemplates ?? []).map((claim: any) => claim.metadata.name);
  return (rendered.container.volumeMounts ?? []).map((mount: any): SandboxMount => {
    const volume = (rendered.pod.volumes ?? []).find((candidate: any) => candidate.name === mount.name);
    const claim = volume?.persistentVolumeClaim?.claimName ?? (claimTemplates.includes(mount.name) ? mount.name : undefined);
    if (claim !== undefined) {
      const source = sources.claims?.[claim];
      if (!source) throw new Error(`test setup: no directory for claim ${claim}`);
      return { kind: 'directory', path: mount.mountPath, source, readOnly: mount.readOnly === true };
    }
    if (volume?.emptyDir) return { kind: 'scratch', path: mount.mountPath };
    if (volume?.secret) {
      const source = sources.secrets?.[volume.secret.secretName];
      if (!source) throw new Error(`test setup: no directory for Secret ${volume.secret.secretName}`);
      return { kind: 'directory', path: mount.mountPath, source, readOnly: true };
    }
    if (volume?.configMap) {
      const configMap = manifests.find((object) => object.kind === 'ConfigMap' && object.metadata.name === volume.configMap.name);
      if (!configMap) throw new Error(`ConfigMap ${volume.configMap.name} is mounted but not rendered`);
      const directory = fs.mkdtempSync(path.join(sources.scratch, `configmap-${volume.configMap.name}-`));
      for (const [key, value] of Object.entries<string>(configMap.data)) fs.writeFileSync(path.join(directory, key), value);
      if (mount.subPath) return { kind: 'file', path: mount.mountPath, source: path.join(directory, mount.subPath) };
      return { kind: 'directory', path: mount.mountPath, source: directory, readOnly: true };
    }
    throw new Error(`test setup: volume ${mount.name} of ${rendered.workload.metadata.name} is of a kind the sandbox does not know`);
  });
}

/** Every Service of the environment resolving to its own loopback address, as cluster DNS would. */
export function serviceAddresses(manifests: readonly Manifest[]): Record<string, string> {
  const names = manifests.filter((object) => object.kind === 'Service').map((service) => service.metadata.name);
  return Object.fromEntries(names.map((name, index) => [name, `127.0.0.${10 + index}`]));
}

/** Sandbox options for a rendered container, running its own command. */
export function containerSandbox(
  manifests: readonly Manifest[],
  rendered: RenderedContainer,
  sources: VolumeSources,
  main: Partial<SandboxProcess> = {},
): SandboxOptions {
  return {
    user: rendered.user,
    group: rendered.group,
    fsGroup: rendered.fsGroup,
    mounts: renderedMounts(manifests, rendered, sources),
    hosts: serviceAddresses(manifests),
    main: {
      argv: [...rendered.argv, ...(rendered.image.standInArgs ?? [])],
      workingDir: rendered.image.workingDir,
      env: rendered.env,
      tools: rendered.image.tools,
      ...main,
    },
  };
}

/** A process run inside the container as the kubelet runs probes and hooks: the image's tools and env. */
export function inContainer(rendered: RenderedContainer, argv: readonly string[], tools = rendered.image.tools): SandboxProcess {
  return { argv, workingDir: rendered.image.workingDir, env: rendered.env, tools };
}

/**
 * The port a client reaches the Service `name` on (its only port, or the one named `portName`, by
 * default `http`), checked against what the Service forwards to: its targetPort must be a port of a
 * container of every workload its selector picks, and it must pick at least one. Stubs listen here, so
 * a client that dials another port, or a Service that forwards to a port no container has, fails.
 */
export function renderedServicePort(manifests: readonly Manifest[], name: string, portName = 'http'): number {
  const service = manifests.find((object) => object.kind === 'Service' && object.metadata.name === name);
  if (!service) throw new Error(`no Service named ${name} is rendered`);
  const ports: any[] = service.spec.ports;
  const port = ports.length === 1 ? ports[0] : ports.find((candidate) => candidate.name === portName);
  if (!port) throw new Error(`Service ${name} has no port named ${portName}`);
  const selector: Record<string, string> = service.spec.selector ?? {};
  const selected = manifests.filter((object) => {
    if (!WORKLOAD_KINDS.includes(object.kind)) return false;
    const labels = (object.kind === 'CronJob' ? object.spec.jobTemplate.spec.template : object.spec.template).metadata?.labels ?? {};
    return Object.entries(selector).every(([key, value]) => labels[key] === value);
  });
  if (selected.length === 0) throw new Error(`Service ${name} selects no rendered workload`);
  const targetPort = port.targetPort ?? port.port;
  for (const workload of selected) {
    const containerPorts: any[] = podSpecOf(workload).containers.flatMap((container: any) => container.ports ?? []);
    const target = containerPorts.find((candidate) => candidate.name === targetPort || candidate.containerPort === targetPort);
    if (!target) throw new Error(`Service ${name} forwards to port ${targetPort}, which no container of ${workload.kind}/${workload.metadata.name} has`);
  }
  return port.port;
}

import { Testing, type Chart } from 'cdk8s';
import type { LabelContext } from '../../lib/constructs/labels';
import type { JobModel, ServiceModel, VolumeModel } from '../../lib/model';
import type { Manifest } from './project';

/**
 * Models built by hand for the construct tests, independent of the Trámites project: a small web
 * service by default, each test overriding what it is about. The values are ordinary, not the seed's.
 */

/** The labels context of every hand-built test: a stack `shop` in environment `test`. */
export const CONTEXT: LabelContext = { project: 'shop', environment: 'test' };

/** A service model: one HTTP port, a health check, limits, a non-root user; `overrides` replace fields whole. */
export function serviceModel(name: string, overrides: Partial<ServiceModel> = {}): ServiceModel {
  return {
    name,
    image: `registry.example/${name}:1.0.0`,
    imagePullPolicy: 'IfNotPresent',
    environment: [],
    readsEnvFile: false,
    ports: [{ name: 'http', containerPort: 8080, servicePort: 80, protocol: 'TCP' }],
    healthcheck: { kind: 'http', port: 8080, path: '/health', intervalSeconds: 10, timeoutSeconds: 3, retries: 3 },
    dependsOn: [],
    resources: {
      limits: { cpu: '500m', memory: '256Mi', ephemeralStorage: '1Gi' },
      requests: { cpu: '100m', memory: '128Mi', ephemeralStorage: '256Mi' },
    },
    replicas: 1,
    mounts: [],
    security: { user: 1000, group: 1000, writablePaths: ['/tmp'], readOnlyRootFilesystem: true, addCapabilities: [] },
    ...overrides,
  };
}

/** A database-like service: Postgres' port, a command health check, and `volume` mounted at its data path. */
export function databaseModel(name: string, volume: VolumeModel, overrides: Partial<ServiceModel> = {}): ServiceModel {
  return serviceModel(name, {
    image: 'postgres:16.4',
    ports: [{ name: 'postgres', containerPort: 5432, servicePort: 5432, protocol: 'TCP' }],
    healthcheck: { kind: 'exec', command: ['pg_isready', '-U', 'app'], intervalSeconds: 5, timeoutSeconds: 3, retries: 5 },
    mounts: [{ kind: 'volume', volume: volume.name, path: '/var/lib/postgresql/data', readOnly: false }],
    volumes: [volume],
    security: { user: 999, group: 999, writablePaths: ['/tmp', '/var/run/postgresql'], readOnlyRootFilesystem: true, addCapabilities: [] },
    ...overrides,
  });
}

/** A named volume: ReadWriteOnce (a claim per replica) unless told otherwise. */
export function volumeModel(name: string, overrides: Partial<VolumeModel> = {}): VolumeModel {
  return { name, accessMode: 'ReadWriteOnce', size: '5Gi', replicable: false, ...overrides };
}

/** A Job of `service`, waiting for nothing unless told. */
export function jobModel(name: string, service: ServiceModel, overrides: Partial<JobModel> = {}): JobModel {
  return { name, service: service.name, image: service.image, command: ['./migrate'], waitsFor: [], ...overrides };
}

/** What the chart renders, as plain objects. */
export function rendered(chart: Chart): Manifest[] {
  return Testing.synth(chart) as Manifest[];
}

/** The one object of `kind` named `name`, or an error listing what there is. */
export function only(manifests: readonly Manifest[], kind: string, name: string): Manifest {
  const found = manifests.filter((manifest) => manifest.kind === kind && manifest.metadata.name === name);
  if (found.length !== 1) throw new Error(`${found.length} ${kind} named ${name}; have: ${manifests.map((m) => `${m.kind}/${m.metadata.name}`).join(', ')}`);
  return found[0];
}

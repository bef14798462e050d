import { dependencyCycle, type StackModel } from '../model';

/** The wave of the Namespace, configuration and everything that only routes (Services). */
export const FOUNDATION_WAVE = 0;

/** What a sync wave holds, in the order Argo CD applies them. */
export type WaveContent =
  | { readonly kind: 'foundation' }
  | { readonly kind: 'job'; readonly name: string }
  | { readonly kind: 'service'; readonly name: string }
  | { readonly kind: 'database-backup' };

/**
 * The order `depends_on` implies, as Argo CD sync waves: first the foundation (Namespace,
 * configuration, shared claims), then the services layer by layer — a service comes after everything it
 * depends on — with each service's Jobs right before it. Services of one layer share a wave.
 *
 * The database backups come last, after everything they could hold back: Argo CD marks a CronJob
 * whose last run failed Degraded, and that must not stop a rollout (or its rollback) half-way.
 *
 * For the seed: 0 foundation, 1 db and redis, 2 db-init, 3 db-migrate, 4 db-seed, 5 backend,
 * 6 frontend, 7 nginx, 8 the database backups where the environment takes them.
 */
export function syncWaves(stack: StackModel): Array<{ readonly wave: number; readonly contents: readonly WaveContent[] }> {
  // The loader refuses cycles; a model built by hand with one would recurse forever below.
  const cycle = dependencyCycle(stack.services);
  if (cycle) throw new Error(`depends_on forms a cycle: ${cycle.join(' -> ')}`);
  const depth = new Map<string, number>();
  const depthOf = (name: string): number => {
    const known = depth.get(name);
    if (known !== undefined) return known;
    const service = stack.services.find((candidate) => candidate.name === name);
    const dependencies = service?.dependsOn.map((dependency) => depthOf(dependency.service)) ?? [];
    const result = dependencies.length === 0 ? 0 : Math.max(...dependencies) + 1;
    depth.set(name, result);
    return result;
  };
  const layers = Math.max(0, ...stack.services.map((service) => depthOf(service.name) + 1));

  const waves: Array<{ wave: number; contents: WaveContent[] }> = [{ wave: FOUNDATION_WAVE, contents: [{ kind: 'foundation' }] }];
  for (let layer = 0; layer < layers; layer++) {
    const services = stack.services.filter((service) => depthOf(service.name) === layer);
    for (const job of stack.jobs.filter((candidate) => services.some((service) => service.name === candidate.service))) {
      waves.push({ wave: waves.length, contents: [{ kind: 'job', name: job.name }] });
    }
    waves.push({ wave: waves.length, contents: services.map((service) => ({ kind: 'service', name: service.name })) });
  }
  if (stack.database?.backup) waves.push({ wave: waves.length, contents: [{ kind: 'database-backup' }] });
  return waves;
}

/**
 * The wave of one object made for something in `wave`. Services are the exception: they route and run
 * nothing, so they go with the foundation. A blue/green switch, which only changes Service selectors,
 * is then applied before any Job runs, and a failing Job of a bad release cannot hold back the switch
 * that rolls it back.
 */
export function objectWave(kind: string, wave: number): number {
  return kind === 'Service' ? FOUNDATION_WAVE : wave;
}

/**
 * The wave of a standalone claim (shared, or the database's backups): that of its first user (a Job or a service). A claim whose class binds on
 * first use stays Pending until a pod mounts it, and Argo CD waits for each wave to be healthy.
 */
export function firstUseWave(stack: StackModel, volume: string): number {
  const mounts = (service: string) =>
    stack.services
      .find((candidate) => candidate.name === service)
      ?.mounts.some((mount) => (mount.kind === 'volume' && mount.volume === volume) || (mount.kind === 'claim' && mount.claim === volume)) ?? false;
  const user = syncWaves(stack).find(({ contents }) =>
    contents.some((content) => (content.kind === 'service' ? mounts(content.name) : content.kind === 'job' && mounts(stack.jobs.find((job) => job.name === content.name)!.service))),
  );
  return user?.wave ?? FOUNDATION_WAVE;
}

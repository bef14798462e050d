import { healthyDependencies, type JobModel, type ServiceModel } from '../model';
import type { JobSettings } from './delivery-settings';
import { addressesOf } from './references';
import type { FileReporter } from './report';

/**
 * The Jobs of an environment, each with the image it runs. A Job of a blue/green service runs the
 * newest of the two colours' versions: migrations must reach the schema of the version being released,
 * before it takes traffic, and must not change when traffic switches (a switch only moves selectors).
 * That schema must still serve the older colour, which keeps running and is the rollback target.
 */
export function toJobs(settings: readonly JobSettings[], services: readonly ServiceModel[], report: FileReporter): JobModel[] {
  return settings.map((job, index) => {
    const service = services.find((candidate) => candidate.name === job.service);
    if (!service) {
      report.error(['jobs', index, 'service'], `there is no compose service "${job.service}"`);
      return { ...job, image: '', waitsFor: [] };
    }
    const waitsFor = job.waitsFor ?? healthyDependencies(service);
    for (const target of waitsFor) {
      const waited = services.find((candidate) => candidate.name === target);
      if (!waited || !waited.healthcheck || waited.ports.length === 0) {
        report.error(['jobs', index, 'waitsFor'], `"${target}" is not a service with a health check and a port to wait for`);
      }
    }
    return { ...job, waitsFor: addressesOf(waitsFor, services), image: jobImage(service, (message) => report.error(['jobs', index, 'service'], message)) };
  });
}

function jobImage(service: ServiceModel, problem: (message: string) => void): string {
  if (!service.blueGreen) return service.image;
  const images = [service.blueGreen.colors.blue.image, service.blueGreen.colors.green.image].filter((image): image is string => !!image);
  const [first, second] = images;
  if (!second || first === second) return first ?? service.image;
  const order = compareVersions(tagOf(first), tagOf(second));
  if (order === undefined) {
    problem(`cannot tell which of ${first} and ${second} is newer (tags are not versions like 1.2.3): the database jobs run the newest`);
    return first;
  }
  return order >= 0 ? first : second;
}

function tagOf(image: string): string {
  return image.slice(image.lastIndexOf(':') + 1);
}

/** Semantic-version order of two tags (`1.10.0` > `1.9.2`, `1.0.0` > `1.0.0-rc.1`); undefined if either is not one. */
export function compareVersions(a: string, b: string): number | undefined {
  const parse = (tag: string) => /^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?$/.exec(tag);
  const left = parse(a);
  const right = parse(b);
  if (!left || !right) return undefined;
  for (let part = 1; part <= 3; part++) {
    const difference = Number(left[part]) - Number(right[part]);
    if (difference !== 0) return Math.sign(difference);
  }
  // A pre-release sorts before its release; two pre-releases compare field by field.
  if (left[4] === right[4]) return 0;
  if (left[4] === undefined) return 1;
  if (right[4] === undefined) return -1;
  const leftFields = left[4].split('.');
  const rightFields = right[4].split('.');
  for (let index = 0; index < Math.max(leftFields.length, rightFields.length); index++) {
    const [x, y] = [leftFields[index], rightFields[index]];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    if (x === y) continue;
    const numeric = /^\d+$/.test(x) && /^\d+$/.test(y);
    return numeric ? Math.sign(Number(x) - Number(y)) : x < y ? -1 : 1;
  }
  return 0;
}

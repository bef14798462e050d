import type { HealthcheckModel } from '../model';
import type { HealthcheckSpec } from './compose-file';
import { needsShell, splitShellWords } from './shell-words';

/** Compose's defaults, applied when a health check leaves a field out. */
const COMPOSE_DEFAULTS = { intervalSeconds: 30, timeoutSeconds: 30, retries: 3, startIntervalSeconds: 5 };

/**
 * Turns a compose health check into a probe definition. An HTTP check by curl or wget against
 * localhost becomes an HTTP probe (no dependency on a tool inside the image); a `CMD` list runs as
 * that argv; a shell string or `CMD-SHELL` runs through `sh -c`, never as a one-element argv (which
 * is the broken probe Kompose writes). Returns undefined for `NONE` or `disable: true`.
 */
export function toHealthcheckModel(spec: HealthcheckSpec): HealthcheckModel | undefined {
  if (spec.disable || spec.test === undefined) return undefined;
  const timing = {
    intervalSeconds: spec.intervalSeconds ?? COMPOSE_DEFAULTS.intervalSeconds,
    timeoutSeconds: spec.timeoutSeconds ?? COMPOSE_DEFAULTS.timeoutSeconds,
    retries: spec.retries ?? COMPOSE_DEFAULTS.retries,
    startPeriodSeconds: spec.startPeriodSeconds ? spec.startPeriodSeconds : undefined,
    startIntervalSeconds: spec.startPeriodSeconds ? spec.startIntervalSeconds ?? COMPOSE_DEFAULTS.startIntervalSeconds : undefined,
  };
  let argv: readonly string[] | undefined;
  let shell: string | undefined;
  if (typeof spec.test === 'string') {
    shell = spec.test;
  } else if (spec.test[0] === 'NONE') {
    return undefined;
  } else if (spec.test[0] === 'CMD-SHELL') {
    shell = spec.test.slice(1).join(' ');
  } else {
    argv = spec.test.slice(1);
  }
  if (shell !== undefined) {
    // `|| exit 1` only normalises curl's exit code for Docker; a probe treats any non-zero as failure.
    const simple = shell.replace(/\s*\|\|\s*exit 1\s*$/, '');
    argv = needsShell(simple) ? undefined : splitShellWords(simple);
  }
  const http = argv ? detectHttpCheck(argv) : undefined;
  if (http) return { ...timing, kind: 'http', ...http };
  return { ...timing, kind: 'exec', command: shell !== undefined ? ['sh', '-c', shell] : argv! };
}

/** Recognises `curl -f URL` and `wget --spider URL` against this container. */
export function detectHttpCheck(argv: readonly string[]): { port: number; path: string } | undefined {
  const [tool, ...args] = argv;
  const flags = args.filter((arg) => arg.startsWith('-'));
  const urls = args.filter((arg) => !arg.startsWith('-'));
  if (urls.length !== 1) return undefined;
  const failsOnHttpError =
    tool === 'curl'
      ? flags.every((flag) => /^(-[fsSL]+|--fail|--silent|--show-error|--location)$/.test(flag)) &&
        flags.some((flag) => flag === '--fail' || /^-[sSL]*f[sSL]*$/.test(flag))
      : tool === 'wget'
        ? flags.every((flag) => /^(-q|--quiet|--spider|-O-?|--tries=1)$/.test(flag)) && flags.includes('--spider')
        : false;
  if (!failsOnHttpError) return undefined;
  const url = /^http:\/\/(?:localhost|127\.0\.0\.1)(?::(\d+))?(\/[^\s]*)?$/.exec(urls[0]);
  if (!url) return undefined;
  return { port: url[1] ? Number(url[1]) : 80, path: url[2] ?? '/' };
}

/**
 * What the runtime suite needs to know about each image the manifests name, and cannot read from the
 * manifests: the image's own CMD, working directory and stop signal, and which shell and tools it has.
 * The servers are run from Debian's packages as stand-ins for these images' binaries (README: "Tested
 * with the real servers"); these facts are what makes them run the way the image would.
 */
export interface ImageFacts {
  /** The image's CMD: what runs when the container sets neither `command` nor `args`. */
  readonly cmd: readonly string[];
  /** The image's WORKDIR: the working directory of the main process, probes and hooks. */
  readonly workingDir: string;
  /** The image's STOPSIGNAL: what the container runtime sends after the preStop hook (default SIGTERM). */
  readonly stopSignal: NodeJS.Signals;
  /** `sh` and the small tools: busybox's in Alpine and busybox images, Debian's dash and coreutils otherwise. */
  readonly tools: 'busybox' | 'debian';
  /**
   * Arguments the Debian stand-in needs to behave as the image's binary, appended to the main
   * process and to `nginx -t`. @default none
   */
  readonly standInArgs?: readonly string[];
}

const IMAGES: Readonly<Record<string, ImageFacts>> = {
  // nginxinc/docker-nginx-unprivileged, alpine Dockerfile. Its entrypoint only runs the scripts of
  // /docker-entrypoint.d, which edit conf.d/default.conf: the rendered nginx.conf includes no conf.d.
  // The image links /var/log/nginx/error.log to /dev/stderr; Debian's build opens that compiled-in path
  // before it reads the configuration, so the stand-in is told the same with -e.
  'nginxinc/nginx-unprivileged': {
    cmd: ['nginx', '-g', 'daemon off;'],
    workingDir: '/',
    stopSignal: 'SIGQUIT',
    tools: 'busybox',
    standInArgs: ['-e', '/dev/stderr'],
  },
  // docker-library/redis, 7.x alpine Dockerfile: WORKDIR /data, CMD redis-server, no STOPSIGNAL. Its
  // entrypoint, for a non-root user, sets umask 0077 (not reproduced: see the README) and runs the command.
  redis: { cmd: ['redis-server'], workingDir: '/data', stopSignal: 'SIGTERM', tools: 'busybox' },
  // The dependency waits (lib/constructs/dependency-wait.ts): busybox's sh, nc and sleep.
  busybox: { cmd: ['sh'], workingDir: '/', stopSignal: 'SIGTERM', tools: 'busybox' },
  // SQL Server 2019 on Ubuntu 20.04: /bin/sh is dash.
  'mcr.microsoft.com/mssql/server': { cmd: ['/opt/mssql/bin/sqlservr'], workingDir: '/', stopSignal: 'SIGTERM', tools: 'debian' },
  // The backend and frontend images are built by the project (python:3.11-slim, Debian: dash; node:18-alpine: busybox).
  'ghcr.io/juncid/tramites-backend': { cmd: [], workingDir: '/app', stopSignal: 'SIGTERM', tools: 'debian' },
  'ghcr.io/juncid/tramites-frontend': { cmd: [], workingDir: '/app', stopSignal: 'SIGTERM', tools: 'busybox' },
};

/** The facts of a rendered image reference (`repository:tag`). */
export function imageFacts(image: string): ImageFacts {
  const repository = image.replace(/[:@][^/:@]+$/, '');
  const facts = IMAGES[repository];
  if (!facts) throw new Error(`test/runtime/support/images.ts: no facts for image "${image}"; add its CMD, WORKDIR, STOPSIGNAL and tools`);
  return facts;
}

import { KubeConfigMap } from '../api-objects';
import * as k8s from '../k8s';
import { Construct } from 'constructs';
import * as path from 'path';
import type { ReverseProxyModel } from '../model';
import { reverseProxyConfigName } from './names';

export interface ReverseProxyConfigProps {
  /** Routes, ports, host, TLS paths and upload limit of the entry point. */
  readonly proxy: ReverseProxyModel;
  /** Labels of the ConfigMap. */
  readonly labels: Record<string, string>;
  /**
   * Room for the multipart envelope of an upload (boundaries, part headers, the other form fields) on
   * top of the upload limit.
   * @default DEFAULT_UPLOAD_ENVELOPE_BYTES (64 KiB)
   */
  readonly uploadEnvelopeBytes?: number;
}

/**
 * A browser sends a file as multipart/form-data: a file of exactly MAX_UPLOAD_SIZE bytes is a request
 * body a few hundred bytes larger. 64 KiB holds the envelope and ordinary form fields with room to
 * spare; the backend stays the one that checks the file's own size.
 */
export const DEFAULT_UPLOAD_ENVELOPE_BYTES = 64 * 1024;

/**
 * The nginx configuration of the entry point, generated from the model and mounted over the image's
 * nginx.conf. `nginxConf` is exposed so the workload can annotate its pods with a checksum of it.
 */
export class ReverseProxyConfig extends Construct {
  readonly configMap: k8s.KubeConfigMap;
  readonly nginxConf: string;

  constructor(scope: Construct, id: string, props: ReverseProxyConfigProps) {
    super(scope, id);
    this.nginxConf = renderNginxConf(props.proxy, props.uploadEnvelopeBytes);
    this.configMap = new KubeConfigMap(this, 'configmap', {
      metadata: { name: reverseProxyConfigName(props.proxy.service), labels: props.labels },
      data: { [path.posix.basename(props.proxy.configPath)]: this.nginxConf },
    });
  }
}

/**
 * nginx.conf: plain HTTP redirects to HTTPS on the public host (except the health endpoint), HTTPS
 * terminates TLS with the certificate from the TLS Secret, and each route proxies to a Service with the
 * seed's headers. Temporary files and the pid live under /tmp so the root filesystem can be read-only.
 * test/runtime runs it with a real nginx.
 */
export function renderNginxConf(proxy: ReverseProxyModel, uploadEnvelopeBytes = DEFAULT_UPLOAD_ENVELOPE_BYTES): string {
  const upstreams = [...new Map(proxy.routes.map((route) => [route.service, route.port]))];
  const uploadTooLarge = JSON.stringify({
    code: 'upload_too_large',
    detail: 'The upload is larger than MAX_UPLOAD_SIZE.',
    maxUploadSize: proxy.maxUploadBytes,
  });
  const lines: string[] = [
    'worker_processes auto;',
    'pid /tmp/nginx.pid;',
    'error_log /dev/stderr warn;',
    '',
    'events {',
    '  worker_connections 1024;',
    '}',
    '',
    'http {',
    '  include /etc/nginx/mime.types;',
    '  default_type application/octet-stream;',
    '  access_log /dev/stdout;',
    '  sendfile on;',
    '  keepalive_timeout 65;',
    '  server_tokens off;',
    '  # Redirects nginx makes itself (/api -> /api/) are relative: an absolute one would name the',
    `  # container port (${proxy.httpsPort}), which the Service does not expose. The browser resolves a relative one`,
    '  # against the URL it asked for, so it stays right behind the Service, a port-forward or a test.',
    '  absolute_redirect off;',
    `  # MAX_UPLOAD_SIZE (${proxy.maxUploadBytes}) plus the multipart envelope: this limits the whole`,
    '  # request body, and a file of exactly MAX_UPLOAD_SIZE must reach the backend, which checks the file.',
    `  client_max_body_size ${proxy.maxUploadBytes + uploadEnvelopeBytes};`,
    '  client_body_temp_path /tmp/client_temp;',
    '  proxy_temp_path /tmp/proxy_temp;',
    '  fastcgi_temp_path /tmp/fastcgi_temp;',
    '  uwsgi_temp_path /tmp/uwsgi_temp;',
    '  scgi_temp_path /tmp/scgi_temp;',
    '',
    '  # Each upstream is one Kubernetes Service address, which balances across its ready pods and drops',
    '  # the unready ones. With a single server nginx ignores max_fails and has no other server to retry',
    '  # on, so the seed\'s max_fails and proxy_next_upstream (written for three backend containers) are',
    '  # left out.',
    ...upstreams.flatMap(([service, port]) => [
      `  upstream ${service} {`,
      `    server ${service}:${port};`,
      '  }',
    ]),
    '',
    '  server {',
    `    listen ${proxy.httpPort};`,
    `    server_name ${proxy.host};`,
    '    location = /healthz {',
    '      access_log off;',
    '      return 200 "ok\\n";',
    '    }',
    '    # To the public host, which the certificate is for, whatever Host the client sent.',
    '    location / {',
    `      return 301 https://${proxy.host}$request_uri;`,
    '    }',
    '  }',
    '',
    '  server {',
    `    listen ${proxy.httpsPort} ssl;`,
    `    server_name ${proxy.host};`,
    `    ssl_certificate ${proxy.tlsPath}/tls.crt;`,
    `    ssl_certificate_key ${proxy.tlsPath}/tls.key;`,
    '    ssl_protocols TLSv1.2 TLSv1.3;',
    '    # A body over the limit gets JSON the frontend can tell from any other error, not an HTML page.',
    '    error_page 413 @upload_too_large;',
    '    location @upload_too_large {',
    '      default_type application/json;',
    `      return 413 '${uploadTooLarge}';`,
    '    }',
    '    location = /healthz {',
    '      access_log off;',
    '      return 200 "ok\\n";',
    '    }',
    ...proxy.routes.flatMap((route) =>
      nginxLocations(route.path).flatMap((location) => [
        `    location ${location} {`,
        `      proxy_pass http://${route.service};`,
        '      proxy_set_header Host $host;',
        '      proxy_set_header X-Real-IP $remote_addr;',
        '      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;',
        '      proxy_set_header X-Forwarded-Proto $scheme;',
        '    }',
      ]),
    ),
    '  }',
    '}',
    '',
  ];
  return lines.join('\n');
}

/**
 * The nginx locations of a route path. A path ending in `/` is a subtree (`/api/`; nginx redirects
 * `/api` to it). Any other path is that path and its subtree: `/docs` serves `/docs` and `/docs/…`,
 * not `/docsearch`, which a bare prefix location would also send to the backend.
 */
export function nginxLocations(routePath: string): string[] {
  return routePath.endsWith('/') ? [routePath] : [`= ${routePath}`, `${routePath}/`];
}

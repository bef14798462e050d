import * as k8s from '../k8s';
import { Construct } from 'constructs';
import * as path from 'path';
import type { ReverseProxyModel } from '../model';
import { reverseProxyConfigName } from './names';

export interface ReverseProxyConfigProps {
  /** Routes, ports, host, TLS paths and body limit of the entry point. */
  readonly proxy: ReverseProxyModel;
  /** Labels of the ConfigMap. */
  readonly labels: Record<string, string>;
}

/**
 * The nginx configuration of the entry point, generated from the model and mounted over the image's
 * nginx.conf. `nginxConf` is exposed so the workload can annotate its pods with a checksum of it.
 */
export class ReverseProxyConfig extends Construct {
  readonly configMap: k8s.KubeConfigMap;
  readonly nginxConf: string;

  constructor(scope: Construct, id: string, props: ReverseProxyConfigProps) {
    super(scope, id);
    this.nginxConf = renderNginxConf(props.proxy);
    this.configMap = new k8s.KubeConfigMap(this, 'configmap', {
      metadata: { name: reverseProxyConfigName(props.proxy.service), labels: props.labels },
      data: { [path.posix.basename(props.proxy.configPath)]: this.nginxConf },
    });
  }
}

/**
 * nginx.conf: HTTP redirects to HTTPS (except the health endpoint), HTTPS terminates TLS with the
 * certificate from the TLS Secret, and each route proxies to a Service with the seed's headers and
 * retry policy. Temporary files and the pid live under /tmp so the root filesystem can be read-only.
 */
export function renderNginxConf(proxy: ReverseProxyModel): string {
  const upstreams = [...new Map(proxy.routes.map((route) => [route.service, route.port]))];
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
    `  # Matches the backend's MAX_UPLOAD_SIZE, so uploads the API accepts are not cut off here.`,
    `  client_max_body_size ${proxy.maxBodyBytes};`,
    '  client_body_temp_path /tmp/client_temp;',
    '  proxy_temp_path /tmp/proxy_temp;',
    '  fastcgi_temp_path /tmp/fastcgi_temp;',
    '  uwsgi_temp_path /tmp/uwsgi_temp;',
    '  scgi_temp_path /tmp/scgi_temp;',
    '',
    '  # Each upstream is a Kubernetes Service, which balances across its ready pods.',
    ...upstreams.flatMap(([service, port]) => [
      `  upstream ${service} {`,
      `    server ${service}:${port} max_fails=3 fail_timeout=30s;`,
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
    '    location / {',
    '      return 301 https://$host$request_uri;',
    '    }',
    '  }',
    '',
    '  server {',
    `    listen ${proxy.httpsPort} ssl;`,
    `    server_name ${proxy.host};`,
    `    ssl_certificate ${proxy.tlsPath}/tls.crt;`,
    `    ssl_certificate_key ${proxy.tlsPath}/tls.key;`,
    '    ssl_protocols TLSv1.2 TLSv1.3;',
    '    location = /healthz {',
    '      access_log off;',
    '      return 200 "ok\\n";',
    '    }',
    ...proxy.routes.flatMap((route) => [
      `    location ${route.path} {`,
      `      proxy_pass http://${route.service};`,
      '      proxy_set_header Host $host;',
      '      proxy_set_header X-Real-IP $remote_addr;',
      '      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;',
      '      proxy_set_header X-Forwarded-Proto $scheme;',
      '      proxy_next_upstream error timeout http_500 http_502 http_503;',
      '    }',
    ]),
    '  }',
    '}',
    '',
  ];
  return lines.join('\n');
}

import { renderNginxConf } from '../../lib/constructs/reverse-proxy-config';
import type { ReverseProxyModel } from '../../lib/model';

const proxy: ReverseProxyModel = {
  service: 'nginx',
  host: 'tramites.example',
  tlsSecret: 'tls',
  maxBodyBytes: 10485760,
  httpPort: 8080,
  httpsPort: 8443,
  configPath: '/etc/nginx/nginx.conf',
  tlsPath: '/etc/nginx/ssl',
  routes: [
    { path: '/api/', service: 'backend', port: 8000 },
    { path: '/docs', service: 'backend', port: 8000 },
    { path: '/', service: 'frontend', port: 3000 },
  ],
};

describe('renderNginxConf', () => {
  const conf = renderNginxConf(proxy);

  test('declares one upstream per routed Service, on its port', () => {
    expect(conf.match(/upstream \w+ \{/g)).toEqual(['upstream backend {', 'upstream frontend {']);
    expect(conf).toContain('server backend:8000 max_fails=3 fail_timeout=30s;');
    expect(conf).toContain('server frontend:3000 max_fails=3 fail_timeout=30s;');
  });

  test('proxies each route with the seed headers and retry policy', () => {
    const apiLocation = /location \/api\/ \{([^}]*)\}/.exec(conf)![1];
    expect(apiLocation).toContain('proxy_pass http://backend;');
    expect(apiLocation).toContain('proxy_set_header Host $host;');
    expect(apiLocation).toContain('proxy_set_header X-Real-IP $remote_addr;');
    expect(apiLocation).toContain('proxy_next_upstream error timeout http_500 http_502 http_503;');
    expect(/location \/ \{([^}]*)\}/.exec(conf.slice(conf.indexOf('ssl;')))![1]).toContain('proxy_pass http://frontend;');
  });

  test('listens on the model ports, terminates TLS from the mounted Secret, and limits bodies to MAX_UPLOAD_SIZE', () => {
    expect(conf).toContain('listen 8080;');
    expect(conf).toContain('listen 8443 ssl;');
    expect(conf).toContain('ssl_certificate /etc/nginx/ssl/tls.crt;');
    expect(conf).toContain('ssl_certificate_key /etc/nginx/ssl/tls.key;');
    expect(conf).toContain('client_max_body_size 10485760;');
  });

  test('answers /healthz on plain HTTP and redirects everything else to HTTPS', () => {
    const plain = conf.slice(conf.indexOf('listen 8080;'), conf.indexOf('listen 8443'));
    expect(plain).toContain('location = /healthz');
    expect(plain).toContain('return 301 https://$host$request_uri;');
    expect(plain).not.toContain('proxy_pass');
  });
});

import { DEFAULT_UPLOAD_ENVELOPE_BYTES, nginxLocations, renderNginxConf } from '../../lib/constructs/reverse-proxy-config';
import type { ReverseProxyModel } from '../../lib/model';

const proxy: ReverseProxyModel = {
  service: 'nginx',
  host: 'tramites.example',
  tlsSecret: 'tls',
  maxUploadBytes: 10485760,
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

/** The body of the first `location <match> {` block after `from`. */
function location(conf: string, match: string, from = 0): string {
  const start = conf.indexOf(`location ${match} {`, from);
  if (start < 0) throw new Error(`no location ${match}`);
  return conf.slice(start, conf.indexOf('\n    }', start));
}

describe('renderNginxConf', () => {
  const conf = renderNginxConf(proxy);
  const https = conf.indexOf('ssl;');

  test('declares one upstream per routed Service, on its port, with nothing to retry on', () => {
    expect(conf.match(/upstream \w+ \{/g)).toEqual(['upstream backend {', 'upstream frontend {']);
    expect(conf).toContain('server backend:8000;');
    expect(conf).toContain('server frontend:3000;');
    // One Service address per upstream: nginx ignores max_fails there and has no other server to retry.
    expect(conf).not.toMatch(/^\s*[^#\s].*max_fails/m);
    expect(conf).not.toMatch(/^\s*proxy_next_upstream/m);
  });

  test('proxies each route with the seed headers', () => {
    const api = location(conf, '/api/', https);
    expect(api).toContain('proxy_pass http://backend;');
    expect(api).toContain('proxy_set_header Host $host;');
    expect(api).toContain('proxy_set_header X-Real-IP $remote_addr;');
    expect(api).toContain('proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;');
    expect(api).toContain('proxy_set_header X-Forwarded-Proto $scheme;');
    expect(location(conf, '/', https)).toContain('proxy_pass http://frontend;');
  });

  test('a path without a trailing slash covers itself and its subtree, not its longer siblings', () => {
    expect(nginxLocations('/docs')).toEqual(['= /docs', '/docs/']);
    expect(nginxLocations('/api/')).toEqual(['/api/']);
    expect(nginxLocations('/')).toEqual(['/']);
    expect(location(conf, '= /docs', https)).toContain('proxy_pass http://backend;');
    expect(location(conf, '/docs/', https)).toContain('proxy_pass http://backend;');
    expect(conf).not.toContain('location /docs {');
  });

  test('listens on the model ports and terminates TLS from the mounted Secret', () => {
    expect(conf).toContain('listen 8080;');
    expect(conf).toContain('listen 8443 ssl;');
    expect(conf).toContain('ssl_certificate /etc/nginx/ssl/tls.crt;');
    expect(conf).toContain('ssl_certificate_key /etc/nginx/ssl/tls.key;');
  });

  test('lets a file of MAX_UPLOAD_SIZE through with its multipart envelope, and answers a larger body with JSON', () => {
    expect(conf).toContain(`client_max_body_size ${10485760 + DEFAULT_UPLOAD_ENVELOPE_BYTES};`);
    expect(renderNginxConf(proxy, 1000)).toContain('client_max_body_size 10486760;');
    expect(conf).toContain('error_page 413 @upload_too_large;');
    const tooLarge = location(conf, '@upload_too_large');
    expect(tooLarge).toContain('default_type application/json;');
    const body = /return 413 '(.*)';/.exec(tooLarge)![1];
    expect(JSON.parse(body)).toMatchObject({ code: 'upload_too_large', maxUploadSize: 10485760 });
  });

  test('makes nginx\'s own redirects relative (absolute_redirect off); test/runtime checks no response names the container port', () => {
    expect(conf).toContain('absolute_redirect off;');
  });

  test('answers /healthz on plain HTTP and redirects everything else to HTTPS on the public host', () => {
    const plain = conf.slice(conf.indexOf('listen 8080;'), conf.indexOf('listen 8443'));
    expect(plain).toContain('location = /healthz');
    expect(plain).toContain('return 301 https://tramites.example$request_uri;');
    expect(plain).not.toContain('proxy_pass');
  });
});

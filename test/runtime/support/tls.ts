import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

/**
 * A throw-away certificate for `host`, written as a `kubernetes.io/tls` Secret's volume holds it
 * (`tls.crt`, `tls.key`). Returns the directory; the certificate is its own CA, so `tls.crt` is also
 * what a client trusts.
 */
export function testCertificate(directory: string, host: string): string {
  fs.mkdirSync(directory, { recursive: true });
  execFileSync('openssl', [
    'req', '-x509', '-nodes', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-days', '1',
    '-subj', `/CN=${host}`, '-addext', `subjectAltName=DNS:${host}`,
    '-keyout', path.join(directory, 'tls.key'), '-out', path.join(directory, 'tls.crt'),
  ], { stdio: 'ignore' });
  // A Secret volume's files are readable by the pod (defaultMode 0644).
  for (const file of ['tls.crt', 'tls.key']) fs.chmodSync(path.join(directory, file), 0o644);
  return directory;
}

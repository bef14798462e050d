import type { Sandbox } from './sandbox';

export interface HttpResponse {
  readonly status: number;
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  /** The whole response as received (status line, headers, body), to search for what it must not say. */
  readonly raw: string;
}

export interface HttpRequest {
  /** The public URL, as a browser would ask for it (`https://tramites.gob.pa/api`). */
  readonly url: string;
  /** Where the public port is really served: the container port behind the Service's port. */
  readonly connectTo: { readonly address: string; readonly port: number };
  /** A CA certificate file to trust for HTTPS. */
  readonly caFile?: string;
  /** Extra request headers, `Name: value`. @default none */
  readonly headers?: readonly string[];
  /** A multipart form field holding a file, as a browser uploads it. @default none */
  readonly upload?: { readonly field: string; readonly file: string };
  readonly method?: string;
}

/**
 * A request with curl from inside the sandbox's network. curl connects to the container port while the
 * URL, the Host header and the TLS name stay the public ones, as behind the Service.
 */
export async function httpRequest(sandbox: Sandbox, request: HttpRequest): Promise<HttpResponse> {
  const url = new URL(request.url);
  const publicPort = url.port || (url.protocol === 'https:' ? '443' : '80');
  const argv = [
    'curl', '--silent', '--show-error', '--include', '--max-time', '60',
    '--connect-to', `${url.hostname}:${publicPort}:${request.connectTo.address}:${request.connectTo.port}`,
    ...(request.caFile ? ['--cacert', request.caFile] : []),
    ...(request.headers ?? []).flatMap((header) => ['--header', header]),
    ...(request.upload ? ['--form', `${request.upload.field}=@${request.upload.file};type=application/pdf`] : []),
    ...(request.method ? ['--request', request.method] : []),
    request.url,
  ];
  const result = await sandbox.runInNetwork(argv, 70_000);
  if (result.code !== 0) throw new Error(`curl ${request.url} failed (${result.code}): ${result.stderr}`);
  return parseResponse(result.stdout);
}

function parseResponse(raw: string): HttpResponse {
  let rest = raw;
  // Interim responses (100 Continue) come first; the final one follows.
  while (/^HTTP\/[\d.]+ 1\d\d/.test(rest)) rest = rest.slice(rest.indexOf('\r\n\r\n') + 4);
  const end = rest.indexOf('\r\n\r\n');
  const [statusLine, ...headerLines] = rest.slice(0, end).split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of headerLines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { status: Number(statusLine.split(' ')[1]), headers, body: rest.slice(end + 4), raw };
}

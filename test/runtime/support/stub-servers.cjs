// Stub servers for the runtime suite, run inside a sandbox's network namespace (never outside it).
// Usage: node stub-servers.cjs '<json list of stubs>'; each stub is
//   { "kind": "http", "name": "backend", "host": "127.0.0.10", "port": 8000 }
//     answers every request with JSON naming the stub and echoing the method, URL, headers and the
//     number of body bytes received; a query `delayMs=N` holds the answer back N milliseconds;
//   { "kind": "redis", "host": "127.0.0.1", "port": 6379, "reply": "-LOADING Redis is loading" }
//     answers every command with the given RESP line, like a Redis that is loading its data.
// Prints one JSON line per event ({"listening": …}, {"request": …}); exits when its standard input closes.
'use strict';
const http = require('http');
const net = require('net');

const stubs = JSON.parse(process.argv[2]);
const emit = (event) => process.stdout.write(`${JSON.stringify(event)}\n`);

for (const stub of stubs) {
  if (stub.kind === 'http') {
    const server = http.createServer((request, response) => {
      let bodyBytes = 0;
      emit({ request: { service: stub.name, method: request.method, url: request.url } });
      request.on('data', (chunk) => (bodyBytes += chunk.length));
      request.on('end', () => {
        const delayMs = Number(new URL(request.url, 'http://stub').searchParams.get('delayMs') ?? 0);
        setTimeout(() => {
          const body = JSON.stringify({ service: stub.name, method: request.method, url: request.url, headers: request.headers, bodyBytes });
          response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
          response.end(body);
        }, delayMs);
      });
    });
    server.listen(stub.port, stub.host, () => emit({ listening: stub }));
  } else if (stub.kind === 'redis') {
    const server = net.createServer((socket) => {
      socket.on('data', () => socket.write(`${stub.reply}\r\n`));
      socket.on('error', () => {});
    });
    server.listen(stub.port, stub.host, () => emit({ listening: stub }));
  } else {
    throw new Error(`unknown stub kind ${stub.kind}`);
  }
}

process.stdin.resume();
process.stdin.on('end', () => process.exit(0));

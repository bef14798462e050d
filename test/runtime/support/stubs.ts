import type { ChildProcess } from 'child_process';
import * as path from 'path';
import type { Sandbox } from './sandbox';

export type StubSpec =
  | { readonly kind: 'http'; readonly name: string; readonly host: string; readonly port: number }
  | { readonly kind: 'redis'; readonly host: string; readonly port: number; readonly reply: string };

/** Stub servers in a sandbox's network: the upstreams a server under test talks to. */
export class Stubs {
  /** Every request the HTTP stubs received, in order of arrival. */
  readonly requests: Array<{ service: string; method: string; url: string }> = [];
  private listeners: Array<(event: any) => void> = [];

  private constructor(private readonly child: ChildProcess) {
    let buffered = '';
    child.stdout!.on('data', (chunk) => {
      buffered += chunk;
      let newline: number;
      while ((newline = buffered.indexOf('\n')) >= 0) {
        const event = JSON.parse(buffered.slice(0, newline));
        buffered = buffered.slice(newline + 1);
        if (event.request) this.requests.push(event.request);
        for (const listener of this.listeners) listener(event);
      }
    });
  }

  /** Starts the stubs and waits until each one listens. */
  static async start(sandbox: Sandbox, specs: readonly StubSpec[]): Promise<Stubs> {
    const child = sandbox.spawnInNetwork([process.execPath, path.join(__dirname, 'stub-servers.cjs'), JSON.stringify(specs)]);
    const stubs = new Stubs(child);
    let errors = '';
    child.stderr!.on('data', (chunk) => (errors += chunk));
    let listening = 0;
    await new Promise<void>((resolve, reject) => {
      if (specs.length === 0) resolve();
      stubs.listeners.push((event) => {
        if (event.listening && ++listening === specs.length) resolve();
      });
      child.once('exit', (code) => reject(new Error(`stub servers exited (${code}): ${errors}`)));
    });
    return stubs;
  }

  /** Resolves when a request whose URL starts with `urlPrefix` reaches a stub. */
  arrival(urlPrefix: string): Promise<void> {
    return new Promise((resolve) => {
      if (this.requests.some((request) => request.url.startsWith(urlPrefix))) return resolve();
      this.listeners.push((event) => {
        if (event.request?.url.startsWith(urlPrefix)) resolve();
      });
    });
  }

  stop(): void {
    this.child.stdin!.end();
  }
}

/**
 * A counting proxy in front of the engine socket: every HTTP request line that passes through is
 * recorded, so a test can assert how many write calls (POST/PUT/DELETE) a command made. It
 * observes the real traffic of the real CLI; nothing in stackc knows it is there.
 */
import { createConnection, createServer, type Server } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface ApiProxy {
  /** DOCKER_HOST value pointing at the proxy. */
  readonly dockerHost: string;
  /** `METHOD /path` of every request seen since the last reset. */
  requests(): string[];
  writes(): string[];
  reset(): void;
  close(): Promise<void>;
}

const REQUEST_LINE = /(?:^|\r\n)(GET|POST|PUT|DELETE|HEAD) (\S+) HTTP\/1\.[01]\r\n/g;

export async function startApiProxy(engineSocket: string): Promise<ApiProxy> {
  const dir = mkdtempSync(path.join(tmpdir(), 'stackc-proxy-'));
  const socket = path.join(dir, 'docker.sock');
  let seen: string[] = [];
  const server: Server = createServer((client) => {
    const upstream = createConnection(engineSocket);
    client.on('data', (chunk: Buffer) => {
      // Request lines are plain ASCII at the start of a request; bodies are JSON, so a match
      // inside a body would need a literal "POST /x HTTP/1.1\r\n" in it, which stackc never sends.
      for (const match of chunk.toString('latin1').matchAll(REQUEST_LINE)) seen.push(`${match[1]} ${match[2]!.replace(/^\/v[\d.]+/, '')}`);
    });
    client.pipe(upstream);
    upstream.pipe(client);
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end);
    upstream.on('error', end);
    client.on('close', end);
    upstream.on('close', end);
  });
  await new Promise<void>((resolve) => server.listen(socket, resolve));
  return {
    dockerHost: `unix://${socket}`,
    requests: () => [...seen],
    writes: () => seen.filter((r) => !r.startsWith('GET') && !r.startsWith('HEAD') && !r.startsWith('POST /_ping')),
    reset: () => {
      seen = [];
    },
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

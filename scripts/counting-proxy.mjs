// A unix-socket proxy in front of an engine that notes each request line (`POST /services/create`,
// the API version prefix dropped), for the benches that count API calls. Not for timing: it is a
// Node process of its own in the path (see bench-deploy.mjs).
import { createConnection, createServer } from 'node:net';

/** Listens on `listenSocket`, forwards to `upstreamSocket`; `take()` returns the lines seen since the last take. */
export async function countingProxy(upstreamSocket, listenSocket) {
  let seen = [];
  const open = new Set();
  const server = createServer((client) => {
    const upstream = createConnection(upstreamSocket);
    client.on('data', (chunk) => {
      for (const m of chunk.toString('latin1').matchAll(/(?:^|\r\n)(GET|POST|PUT|DELETE|HEAD) (\S+) HTTP\/1\.[01]\r\n/g)) seen.push(`${m[1]} ${m[2].replace(/^\/v[\d.]+/, '')}`);
    });
    client.pipe(upstream).pipe(client);
    // Either side closing ends the pair; server.close() would otherwise wait on half-open pairs.
    const end = () => {
      client.destroy();
      upstream.destroy();
      open.delete(end);
    };
    open.add(end);
    for (const s of [client, upstream]) {
      s.on('error', end);
      s.on('close', end);
    }
  });
  await new Promise((resolve) => server.listen(listenSocket, resolve));
  return {
    host: `unix://${listenSocket}`,
    take() {
      const out = seen;
      seen = [];
      return out;
    },
    close() {
      for (const end of [...open]) end();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}

/**
 * The HTTP client against a small server on a unix socket (and through a stand-in `ssh` that
 * bridges stdio to it, as `docker system dial-stdio` does): requests, answers, error mapping,
 * uploads and the protocol switch exec uses.
 */
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createNetServer, type Socket } from 'node:net';
import { createServer as createHttpsServer } from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dockerClient, labelFilters, registryAuthHeader } from '../../../src/deploy/docker-client.js';
import { EngineError } from '../../../src/deploy/engine-api.js';
import { readAll } from '../../../src/deploy/engine-http.js';
import { makeCerts } from '../../support/tls-certs.js';

interface Seen {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

describe('engine HTTP client', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'stackc-http-'));
  const socketPath = path.join(dir, 'engine.sock');
  const seen: Seen[] = [];
  let server: Server;
  let connections = 0;
  let closed = 0;

  const routes: Record<string, (res: ServerResponse, body: string) => void> = {
    'GET /_ping': (res) => res.end('OK'),
    'GET /things': (res) => json(res, 200, [{ Id: 'a' }]),
    'POST /things/create': (res, body) => json(res, 201, { Id: 'new', got: JSON.parse(body) }),
    'DELETE /things/gone': (res) => json(res, 404, { message: 'no such thing: gone' }),
    'DELETE /networks/stale': (res) => json(res, 500, { message: 'network stack_back not found' }),
    'DELETE /networks/busy': (res) => json(res, 500, { message: 'rpc error: network stack_back is in use by task x' }),
    'DELETE /volumes/plugged': (res) => json(res, 500, { message: 'plugin "nfs" not found' }),
    'GET /slow': () => undefined, // never answers
    'GET /conflict': (res) => json(res, 409, { message: 'name in use  \n' }),
    'GET /plain-error': (res) => {
      res.statusCode = 500;
      res.end('plain text failure\n');
    },
    'POST /stopped': (res) => {
      res.statusCode = 304;
      res.end();
    },
    'POST /upload': (res, body) => json(res, 200, { length: body.length }),
    // Go's server sends a long list in chunks.
    'GET /chunked': (res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write('[{"Id":');
      setTimeout(() => res.end(`"${'x'.repeat(70_000)}"}]`), 5);
    },
    'GET /closing': (res) => {
      res.setHeader('Connection', 'close');
      json(res, 200, { closing: true });
    },
    // A stream longer than a reader takes in at once (logs, progress).
    'GET /long': (res) => {
      res.writeHead(200, { 'Content-Type': 'application/octet-stream' });
      const line = `${'z'.repeat(99)}\n`;
      for (let i = 0; i < 20_000; i++) res.write(line);
      res.end();
    },
    // A stream that goes on (logs -f): the head and a first line, then nothing.
    'GET /hold': (res) => {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.write('first line\n');
    },
    // Refuses the upload before reading it (a build with a bad parameter).
    'POST /refused-upload': (res) => json(res, 400, { message: 'bad build parameter' }),
    // Half an answer, then the connection drops.
    'GET /cut': (res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '100' });
      res.write('{"partial":', () => res.socket?.destroy());
    },
  };

  beforeAll(async () => {
    server = createServer(async (req, res) => {
      if (req.url === '/refused-upload') return routes['POST /refused-upload']!(res, '');
      const body = (await readAll(req)).toString();
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      const route = routes[`${req.method} ${req.url!.split('?')[0]}`];
      if (route) route(res, body);
      else json(res, 404, { message: `page not found` });
    });
    // exec: the engine answers 101 and then speaks raw bytes on the connection.
    server.on('upgrade', (req: IncomingMessage, socket) => {
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, body: '' });
      socket.write('HTTP/1.1 101 UPGRADED\r\nContent-Type: application/vnd.docker.raw-stream\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n');
      socket.write(`hello ${req.url}\n`);
      socket.on('data', (d: Buffer) => socket.write(d.toString().toUpperCase()));
      socket.on('end', () => socket.end('bye\n'));
    });
    server.on('connection', (socket) => {
      connections += 1;
      socket.on('close', () => (closed += 1));
    });
    await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  const client = () => dockerClient({ endpoint: `unix://${socketPath}`, socketPath });
  const last = () => seen[seen.length - 1]!;

  it('sends JSON, builds the query (lists repeated, objects as JSON, booleans as 1/0, undefined left out) and parses JSON answers', async () => {
    const answer = await client().json<{ Id: string; got: unknown }>('create a thing', {
      method: 'POST',
      path: '/things/create',
      query: { name: 'x y', t: ['a:1', 'b:2'], filters: labelFilters(['k=v'], ['n']), all: true, force: false, skip: undefined, version: 7 },
      body: { Name: 'x' },
    });
    expect(answer).toEqual({ Id: 'new', got: { Name: 'x' } });
    const url = new URL(last().url, 'http://engine');
    expect([...url.searchParams]).toEqual([['name', 'x y'], ['t', 'a:1'], ['t', 'b:2'], ['filters', '{"label":["k=v"],"name":["n"]}'], ['all', '1'], ['force', '0'], ['version', '7']]);
    expect(last().headers['content-type']).toBe('application/json');
    // What the docker CLI sends over a socket (set by us: Node's default costs a regex compile).
    expect(last().headers.host).toBe('api.moby.localhost');
  });

  it('answers plain text as text and an empty 304 as undefined (already stopped is success)', async () => {
    expect(await client().json('ping', { method: 'GET', path: '/_ping' })).toBe('OK');
    expect(await client().json('stop it', { method: 'POST', path: '/stopped' })).toBeUndefined();
  });

  it('turns error answers into EngineErrors with the status and the engine\'s own message, trimmed', async () => {
    const conflict = await client().json('rename it', { method: 'GET', path: '/conflict' }).catch((e: unknown) => e);
    expect(conflict).toBeInstanceOf(EngineError);
    expect((conflict as EngineError).message).toBe('cannot rename it: name in use');
    expect((conflict as EngineError).status).toBe(409);
    await expect(client().json('do it', { method: 'GET', path: '/plain-error' })).rejects.toThrow(/^cannot do it: plain text failure$/);
  });

  it('answers undefined for a 404 where absence is an answer, and removal of what is gone succeeds', async () => {
    expect(await client().jsonOrAbsent('inspect', { method: 'GET', path: '/nothing' })).toBeUndefined();
    await expect(client().remove('remove gone', { method: 'DELETE', path: '/things/gone' })).resolves.toBeUndefined();
    await expect(client().json('remove gone', { method: 'DELETE', path: '/things/gone' })).rejects.toThrow(/^cannot remove gone: no such thing: gone$/);
    // A network the manager dropped while the node still lists it: "not found" under a 500.
    await expect(client().remove('remove network', { method: 'DELETE', path: '/networks/stale' })).resolves.toBeUndefined();
    await expect(client().remove('remove network', { method: 'DELETE', path: '/networks/busy' })).rejects.toThrow(/in use by task/);
    // Only a network's own "not found" means gone: a missing plugin is a failure.
    await expect(client().remove('remove volume', { method: 'DELETE', path: '/volumes/plugged' })).rejects.toThrow(/plugin "nfs" not found/);
  });

  it('keeps connections open between requests, and opens new ones as needed', async () => {
    const engine = client();
    await engine.json('ping', { method: 'GET', path: '/_ping' });
    const before = connections;
    for (let i = 0; i < 5; i++) expect(await engine.json('ping', { method: 'GET', path: '/_ping' })).toBe('OK');
    expect(connections).toBe(before);
    // At once: one connection each, every answer to its own request.
    const names = Array.from({ length: 20 }, (_, i) => `n${i}`);
    const answers = await Promise.all(names.map((name) => engine.json<{ got: { Name: string } }>('create', { method: 'POST', path: '/things/create', body: { Name: name } })));
    expect(answers.map((a) => a.got.Name)).toEqual(names);
    expect(connections - before).toBe(19);
    // An answer that closes its connection, and connections the engine closed while idle.
    expect(await engine.json('close', { method: 'GET', path: '/closing' })).toEqual({ closing: true });
    server.closeIdleConnections();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const after = connections;
    expect(await engine.json('ping', { method: 'GET', path: '/_ping' })).toBe('OK');
    expect(connections).toBe(after + 1);
  });

  it('reads answers sent in chunks', async () => {
    const list = await client().json<{ Id: string }[]>('list', { method: 'GET', path: '/chunked' });
    expect(list).toEqual([{ Id: 'x'.repeat(70_000) }]);
  });

  it('streams a long answer to a slow reader, and a reader that stops early closes the connection', async () => {
    const engine = client();
    const stream = await engine.open('follow', { method: 'GET', path: '/long' });
    let received = 0;
    for await (const chunk of stream) {
      received += (chunk as Buffer).length;
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(received).toBe(20_000 * 100);
    const closedBefore = closed;
    const early = await engine.open('follow', { method: 'GET', path: '/long' });
    early.destroy();
    for (let i = 0; i < 100 && closed === closedBefore; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(closed).toBe(closedBefore + 1);
    expect(await engine.json('ping', { method: 'GET', path: '/_ping' })).toBe('OK');
  });

  it("reports an engine's refusal that comes while the upload is still going", async () => {
    const big = Readable.from((function* () {
      for (let i = 0; i < 200; i++) yield Buffer.alloc(64 * 1024, 1);
    })());
    await expect(client().json('build', { method: 'POST', path: '/refused-upload', upload: big })).rejects.toThrow(/^cannot build: bad build parameter$/);
  });

  it('fails when the engine closes the connection in the middle of an answer', async () => {
    await expect(client().json('list things', { method: 'GET', path: '/cut' })).rejects.toThrow(/^cannot list things: /);
    // A body destroyed without an error (no 'end', no 'error') must not leave the reader waiting.
    const cut = new Readable({ read() {} });
    cut.push('{"partial":');
    setTimeout(() => cut.destroy(), 5);
    await expect(readAll(cut)).rejects.toThrow();
  });

  it('an aborted request ends at once, and a local read error is not taken for a missing engine', async () => {
    const abort = new AbortController();
    const slow = client().json('wait', { method: 'GET', path: '/slow', signal: abort.signal });
    setTimeout(() => abort.abort(), 20);
    await expect(slow).rejects.toThrow(/^cannot wait: /);
    const unreadable = new Readable({
      read() {
        this.destroy(Object.assign(new Error("ENOENT: no such file or directory, lstat '/ctx/typo'"), { code: 'ENOENT', syscall: 'lstat' }));
      },
    });
    const failed = (await client().json('build x', { method: 'POST', path: '/upload', upload: unreadable }).catch((e: unknown) => e)) as Error;
    expect(failed.message).toContain("lstat '/ctx/typo'");
    expect(failed.message).not.toContain('no engine answers');
  });

  it('streams an upload as the body and sends registry credentials base64url-encoded', async () => {
    const parts = ['tar', '-bytes-', 'x'.repeat(100_000)];
    const answer = await client().json<{ length: number }>('build', { method: 'POST', path: '/upload', upload: Readable.from(parts), headers: registryAuthHeader({ username: 'u', password: 'p?>' }) });
    expect(answer.length).toBe(parts.join('').length);
    expect(last().headers['content-type']).toBe('application/x-tar');
    const header = String(last().headers['x-registry-auth']);
    expect(header).not.toMatch(/[+/]/);
    expect(JSON.parse(Buffer.from(header, 'base64url').toString())).toEqual({ username: 'u', password: 'p?>' });
  });

  it('pads the credentials header: engine 20.10 drops the tail of an unpadded value', () => {
    for (const serveraddress of ['r:1', 'r:12', 'r:123']) {
      const header = registryAuthHeader({ username: 'u', password: 'p', serveraddress })['X-Registry-Auth']!;
      expect(header.length % 4).toBe(0);
      expect(JSON.parse(Buffer.from(header, 'base64url').toString())).toEqual({ username: 'u', password: 'p', serveraddress });
    }
  });

  it('switches protocols for attached streams: both directions, and our end of input closes only our half', async () => {
    const stream = await client().upgrade('attach', { method: 'POST', path: '/exec/abc/start', body: { Detach: false } });
    expect(last().headers).toMatchObject({ connection: 'Upgrade', upgrade: 'tcp' });
    stream.write('shout\n');
    stream.end();
    const text = (await readAll(stream)).toString();
    expect(text).toBe('hello /exec/abc/start\nSHOUT\nbye\n');
  });

  it('says no engine answers, naming the endpoint, when the socket is missing', async () => {
    const missing = path.join(dir, 'missing.sock');
    await expect(dockerClient({ endpoint: `unix://${missing}`, socketPath: missing }).json('list containers', { method: 'GET', path: '/containers/json' })).rejects.toThrow(
      `cannot list containers: no engine answers at unix://${missing} (ENOENT); is dockerd running? (set DOCKER_HOST or --host)`,
    );
  });

  it('reaches an ssh:// engine through `ssh … docker system dial-stdio`, as the docker CLI does', async () => {
    // A stand-in ssh on PATH: records its arguments and bridges stdio to the test server.
    const bin = path.join(dir, 'bin');
    const argsFile = path.join(dir, 'ssh-args');
    const fake = path.join(bin, 'ssh');
    mkdirSync(bin);
    writeFileSync(
      fake,
      `#!/usr/bin/env node\nrequire('fs').writeFileSync(${JSON.stringify(argsFile)}, JSON.stringify(process.argv.slice(2)));\nconst s = require('net').createConnection(${JSON.stringify(socketPath)});\nprocess.stdin.pipe(s);\ns.pipe(process.stdout);\n`,
    );
    chmodSync(fake, 0o755);
    const savedPath = process.env.PATH;
    process.env.PATH = `${bin}:${savedPath}`;
    try {
      const ssh = dockerClient({ endpoint: 'ssh://deployer@build-host:2222', protocol: 'ssh', host: 'build-host', port: 2222, username: 'deployer' });
      expect(await ssh.json('list things', { method: 'GET', path: '/things' })).toEqual([{ Id: 'a' }]);
      const within2s = <T>(promise: Promise<T>) => Promise.race([promise, new Promise((resolve) => setTimeout(() => resolve('still waiting after 2 s'), 2000))]);
      // Streams that answered are logged in: six follow at once, and other requests still get through.
      const opening = Array.from({ length: 6 }, () => ssh.open('follow', { method: 'GET', path: '/hold' }));
      const held = await within2s(Promise.all(opening));
      if (!Array.isArray(held)) {
        for (const stream of opening) void stream.then((s) => s.destroy());
        expect.fail(`six follow streams over ssh: ${String(held)}`);
      }
      try {
        expect(await Promise.all(held.map(async (stream) => String((await stream[Symbol.asyncIterator]().next()).value)))).toEqual(Array(6).fill('first line\n'));
        expect(await within2s(ssh.json('list things', { method: 'GET', path: '/things' }))).toEqual([{ Id: 'a' }]);
      } finally {
        for (const stream of held) stream.destroy();
      }
      // Four logins not yet answered at most; a request waiting for one of them still ends when aborted.
      const slow = new AbortController();
      const logins = Array.from({ length: 4 }, () => ssh.json('wait', { method: 'GET', path: '/slow', signal: slow.signal }).catch((error: Error) => error.message));
      try {
        const abort = new AbortController();
        const waiting = ssh.json('wait', { method: 'GET', path: '/things', signal: abort.signal }).catch((error: Error) => error.message);
        setTimeout(() => abort.abort(), 50);
        expect(await within2s(waiting)).toBe('cannot wait: The operation was aborted');
      } finally {
        slow.abort();
      }
      expect(await Promise.all(logins)).toEqual(Array(4).fill('cannot wait: The operation was aborted'));
      // The freed logins serve the next request.
      expect(await within2s(ssh.json('list things', { method: 'GET', path: '/things' }))).toEqual([{ Id: 'a' }]);
    } finally {
      process.env.PATH = savedPath;
    }
    expect(JSON.parse(readFileSync(argsFile, 'utf8'))).toEqual(['-T', '-p', '2222', '-l', 'deployer', '--', 'build-host', 'docker', 'system', 'dial-stdio']);
  });
});

describe('answers that are not well-formed HTTP', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'stackc-raw-'));
  const socketPath = path.join(dir, 'raw.sock');
  let answer = '';
  /** Sent 20 ms after the answer, as a packet of its own. */
  let later = '';
  const sockets = new Set<Socket>();
  const server = createNetServer((socket) => {
    sockets.add(socket.on('close', () => sockets.delete(socket)));
    socket.once('data', () => {
      socket.write(answer);
      if (later) setTimeout(() => socket.write(later), 20);
    });
  });

  beforeAll(() => new Promise<void>((resolve) => server.listen(socketPath, resolve)));
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });
  const ask = (raw: string) => {
    answer = raw;
    return dockerClient({ endpoint: `unix://${socketPath}`, socketPath }).json('ask', { method: 'GET', path: '/x' });
  };

  it('fail the call, also when the fault comes with the head (no error escapes)', async () => {
    await expect(ask('HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\nok')).rejects.toThrow(/^cannot ask: the engine sent an invalid Content-Length: "2, 2"$/);
    await expect(ask('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n')).rejects.toThrow(/^cannot ask: the engine sent a malformed chunk size/);
    await expect(ask('SSH-2.0-OpenSSH_9.2\r\n\r\n')).rejects.toThrow(/^cannot ask: the engine answered something other than HTTP\/1\.1/);
  });

  it('stop at once when the reader stops: the rest of the same packet is not delivered', async () => {
    answer = 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n';
    later = '3\r\ndef\r\n3\r\nghi\r\n0\r\n\r\n';
    try {
      const stream = await dockerClient({ endpoint: `unix://${socketPath}`, socketPath }).open('follow', { method: 'GET', path: '/x' });
      const got: string[] = [];
      stream.on('data', (chunk: Buffer) => {
        got.push(chunk.toString());
        if (got.length === 2) stream.destroy();
      });
      await new Promise((resolve) => stream.on('close', resolve));
      expect(got).toEqual(['abc', 'def']);
    } finally {
      later = '';
    }
  });

  it('an abort while an upload waits for its next part ends the upload too', async () => {
    answer = '';
    const upload = new Readable({ read() {} });
    upload.push('first part');
    const abort = new AbortController();
    const call = dockerClient({ endpoint: `unix://${socketPath}`, socketPath }).json('build', { method: 'POST', path: '/build', upload, signal: abort.signal });
    setTimeout(() => abort.abort(), 20);
    await expect(call).rejects.toThrow(/^cannot build: The operation was aborted$/);
    expect(upload.destroyed).toBe(true);
  });
});

describe('tcp engine', () => {
  it('names the engine host and port in the Host header', async () => {
    const server = createServer((req, res) => json(res, 200, { host: req.headers.host }));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    try {
      const answer = await dockerClient({ endpoint: `tcp://127.0.0.1:${port}`, protocol: 'http', host: '127.0.0.1', port }).json('ask', { method: 'GET', path: '/x' });
      expect(answer).toEqual({ host: `127.0.0.1:${port}` });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('https engine without a CA of its own', () => {
  it('trusts the certificates bin/stackc moved from NODE_EXTRA_CA_CERTS to STACKC_EXTRA_CA_CERTS, as Node would have', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'stackc-https-'));
    const certs = makeCerts(dir);
    const server = createHttpsServer({ cert: readFileSync(certs.serverCert), key: readFileSync(certs.serverKey) }, (_req, res) => json(res, 200, { ok: true }));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    const connection = { endpoint: `https://127.0.0.1:${port}`, protocol: 'https' as const, host: '127.0.0.1', port };
    const ask = () => dockerClient(connection).json('ask', { method: 'GET', path: '/x' });
    try {
      await expect(ask()).rejects.toThrow(/TLS handshake with https:\/\/127\.0\.0\.1:\d+ failed/);
      process.env.STACKC_EXTRA_CA_CERTS = certs.ca;
      expect(await ask()).toEqual({ ok: true });
    } finally {
      delete process.env.STACKC_EXTRA_CA_CERTS;
      await new Promise((resolve) => server.close(resolve));
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

function json(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(value));
}

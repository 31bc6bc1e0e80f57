/**
 * HTTP to the engine over node:net, node:tls or an ssh bridge, framed by http1.ts. stackc used
 * dockerode before; it loads ssh2, grpc and protobufjs eagerly, about 100 ms on every run, which
 * was the largest part of a no-op `up` or `deploy`; then node:http, whose cold client cost a
 * first deploy ~10 ms (http1.ts has the measurements). The Engine API stackc needs is plain JSON
 * requests plus three kinds of streams (JSON progress lines, multiplexed output, and the
 * hijacked exec connection), so this module covers it in a few pages.
 *
 * Connections stay open between requests (HTTP/1.1 keep-alive) and do not keep the process
 * alive while idle. As with Node's agent, a request is not sent again when the engine closes
 * an idle connection at the moment it is reused: dockerd does not close idle connections.
 *
 * Paths carry no API version, so the engine serves its own current one (as dockerode did).
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { connect as netConnect, type Socket } from 'node:net';
import { Duplex, Readable } from 'node:stream';
import type { Connection } from './connection.js';
import { chunk, LAST_CHUNK, requestHead, responseReader, type ResponseHead } from './http1.js';

export type QueryValue = string | number | boolean | readonly string[] | Readonly<Record<string, unknown>> | undefined;

export interface EngineRequest {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** `/containers/json`; path segments taken from user data must be encoded by the caller. */
  readonly path: string;
  readonly query?: Readonly<Record<string, QueryValue>>;
  /** Sent as JSON. */
  readonly body?: unknown;
  /** Sent as is (a build context tar), instead of `body`. */
  readonly upload?: Readable;
  readonly headers?: Readonly<Record<string, string>>;
  /** Aborting destroys the request, so nothing of it keeps the process alive. */
  readonly signal?: AbortSignal;
}

/** The engine answered with an error status; `message` is the engine's own text. */
export class HttpStatusError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** An answer whose status was checked; its body is a stream. */
export interface EngineResponse {
  readonly head: ResponseHead;
  readonly body: Readable;
}

export interface EngineHttp {
  /** The whole answer, parsed when it is JSON (undefined when empty). */
  json<T>(request: EngineRequest): Promise<T>;
  /** The answer as a stream, for progress and logs; the status was already checked. */
  open(request: EngineRequest): Promise<Readable>;
  /** The connection itself after the engine switched protocols (exec's attached streams). */
  upgrade(request: EngineRequest): Promise<Duplex>;
}

export function engineHttp(connection: Connection): EngineHttp {
  const pool = connectionPool(connection);

  const failure = (status: number, body: Buffer) => new HttpStatusError(status, errorMessage(body.toString('utf8')) || `HTTP ${status}`);
  const checked = async (response: EngineResponse): Promise<EngineResponse> => {
    const { status } = response.head;
    if (status < 400) return response;
    throw failure(status, await readAll(response.body));
  };

  return {
    json: async <T>(request: EngineRequest) => {
      const { head, body } = await exchange(pool, request, { whole: true });
      if (head.status >= 400) throw failure(head.status, body);
      if (!body.length) return undefined as T;
      return (/json/.test(head.headers['content-type'] ?? '') ? JSON.parse(body.toString('utf8')) : body.toString('utf8')) as T;
    },
    open: async (request) => (await checked(await exchange(pool, request))).body,
    upgrade: async (request) => {
      const answer = await exchange(pool, request, { upgrade: true });
      if ('upgraded' in answer) return answer.upgraded;
      // Every engine since API 1.24 switches protocols; anything else is an error answer.
      await checked(answer);
      answer.body.destroy();
      throw new HttpStatusError(answer.head.status, 'the engine did not switch protocols for the attached streams');
    },
  };
}

/** A whole answer, read into memory. */
interface WholeResponse {
  readonly head: ResponseHead;
  readonly body: Buffer;
}

/**
 * One request and its answer on a pooled connection. The answer's body streams as it arrives
 * (paused while its reader is behind), or with `whole` comes at the end in one buffer: JSON
 * answers, most requests, skip a stream and its async iteration (about a third of the client's
 * time for a first deploy's 50 creates). When the answer is complete the connection goes back
 * to the pool.
 */
async function exchange(pool: ConnectionPool, request: EngineRequest): Promise<EngineResponse>;
async function exchange(pool: ConnectionPool, request: EngineRequest, options: { whole: true }): Promise<WholeResponse>;
async function exchange(pool: ConnectionPool, request: EngineRequest, options: { upgrade: true }): Promise<EngineResponse | { upgraded: Duplex }>;
async function exchange(
  pool: ConnectionPool,
  request: EngineRequest,
  { upgrade = false, whole = false } = {},
): Promise<EngineResponse | WholeResponse | { upgraded: Duplex }> {
  const { signal, upload } = request;
  const socket = await pool.acquire(signal).catch((error: unknown) => {
    upload?.destroy();
    throw error;
  });
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      // Aborted while the connection was being found: it is unused and stays in the pool.
      pool.release(socket, true);
      upload?.destroy();
      return reject(abortError());
    }
    let answered: ResponseHead | undefined;
    let body: Readable | undefined;
    const chunks: Buffer[] | undefined = whole ? [] : undefined;
    /** Whether the caller has the body: until then a failure rejects, and nobody can miss the body's 'error'. */
    let handedOver = false;
    let complete = false;
    let uploading = false;

    const detach = () => {
      socket.off('data', onData);
      socket.off('end', onEnd);
      socket.off('error', fail);
      socket.off('close', onClose);
      signal?.removeEventListener('abort', onAbort);
    };
    function fail(error: Error) {
      if (complete) return;
      complete = true;
      detach();
      socket.destroy();
      upload?.destroy();
      if (handedOver) body!.destroy(error);
      else reject(error);
    }
    /** Feeds the reader; the answer goes to the caller after the bytes that came with its head are read. */
    const read = (fn: () => void) => {
      try {
        fn();
      } catch (error) {
        fail(error as Error);
      }
      // After a failure the promise was rejected, and this resolve does nothing.
      if (body && !handedOver) {
        handedOver = true;
        resolve({ head: answered!, body });
      }
    };
    /** Whether the connection can serve another request once this answer ended. */
    const reusable = (closed: boolean, rest: Buffer) => !closed && !rest.length && !uploading && !/\bclose\b/i.test(answered?.headers.connection ?? '');
    const reader = responseReader({
      head: (head) => {
        answered = head;
        if ((upgrade && head.status === 101) || chunks) return;
        body = new Readable({
          read: () => void (complete || socket.resume()),
          // A reader that stops early (logs on an interrupt) closes the connection with it.
          destroy: (error, callback) => {
            if (!complete) fail(error ?? abortError());
            callback(error);
          },
        });
      },
      data: (chunk) => {
        // Read on after a failure or an early stop: the rest of that chunk is nobody's.
        if (complete) return;
        if (chunks) chunks.push(chunk);
        else if (!body!.push(chunk)) socket.pause();
      },
      end: (rest, closed) => {
        if (complete) return;
        complete = true;
        detach();
        if (chunks) {
          pool.release(socket, reusable(closed, rest));
          resolve({ head: answered!, body: Buffer.concat(chunks) });
          return;
        }
        if (!body) {
          // Switched protocols: the connection is the caller's now, with what already arrived,
          // and it flows when the caller starts reading (as node:http hands it over).
          (socket as { readableFlowing: boolean | null }).readableFlowing = null;
          if (rest.length) socket.unshift(rest);
          resolve({ upgraded: socket });
          return;
        }
        pool.release(socket, reusable(closed, rest));
        body.push(null);
      },
    });
    const onData = (chunk: Buffer) => read(() => reader.push(chunk));
    const onEnd = () => read(() => reader.close());
    const onClose = () => fail(new Error('the engine closed the connection in the middle of an answer'));
    const onAbort = () => fail(abortError());
    socket.on('data', onData);
    socket.on('end', onEnd);
    socket.on('error', fail);
    socket.on('close', onClose);
    signal?.addEventListener('abort', onAbort, { once: true });
    // A pooled connection may have been left paused by the previous answer's reader.
    socket.resume();

    read(() => {
      const json = request.body !== undefined && !upload;
      const payload = json ? Buffer.from(JSON.stringify(request.body)) : undefined;
      const headers: Record<string, string> = {
        Host: pool.hostHeader,
        ...(json ? { 'Content-Type': 'application/json', 'Content-Length': String(payload!.length) } : {}),
        ...(upload ? { 'Content-Type': 'application/x-tar', 'Transfer-Encoding': 'chunked' } : {}),
        ...request.headers,
        ...(upgrade ? { Connection: 'Upgrade', Upgrade: 'tcp' } : {}),
      };
      const head = Buffer.from(requestHead(request.method, pathWithQuery(request), headers), 'latin1');
      // One write: head and body in one segment (no Nagle delay between them on TCP).
      socket.write(payload ? Buffer.concat([head, payload]) : head);
      if (upload) {
        uploading = true;
        sendChunked(upload, socket).then(
          () => void (uploading = false),
          (error: Error) => fail(error),
        );
      }
    });
  });
}

/** The body of an upload in chunked transfer coding, as it is read (its length is not known up front). */
async function sendChunked(upload: Readable, socket: Duplex): Promise<void> {
  for await (const part of upload) {
    // The answer came early (an error) or the request was aborted: the rest is not wanted.
    if (socket.destroyed) return void upload.destroy();
    const data = typeof part === 'string' ? Buffer.from(part) : (part as Buffer);
    if (!data.length) continue;
    if (!socket.write(chunk(data))) {
      await new Promise<void>((resolve, reject) => {
        const settle = (error?: Error) => {
          socket.off('drain', settle);
          socket.off('close', closed);
          if (error) reject(error);
          else resolve();
        };
        const closed = () => settle(new Error('the engine closed the connection during the upload'));
        socket.once('drain', settle);
        socket.once('close', closed);
      });
    }
  }
  socket.write(LAST_CHUNK);
}

function abortError(): Error {
  return Object.assign(new Error('The operation was aborted'), { name: 'AbortError', code: 'ABORT_ERR' });
}

interface ConnectionPool {
  readonly hostHeader: string;
  /**
   * An idle connection, or a new one (written to before it is connected: node:net queues the
   * bytes). An abort, also while waiting for an ssh connection, rejects.
   */
  acquire(signal?: AbortSignal): Promise<Duplex>;
  /** Back to the pool when `keep` (a complete answer on a connection the engine keeps open), else closed. */
  release(socket: Duplex, keep: boolean): void;
}

interface Dialer {
  readonly hostHeader: string;
  dial(): Duplex;
  /**
   * ssh: each connection is an ssh login, closed after its answer. A few logins at a time (well
   * under sshd's MaxStartups, which counts logins not yet done); a connection that answered is
   * logged in, so long streams (logs -f of many containers) do not hold back other requests.
   */
  readonly single?: { readonly loggingInAtOnce: number };
}

type Refable = Duplex & Partial<Pick<Socket, 'ref' | 'unref'>>;

function connectionPool(connection: Connection): ConnectionPool {
  const { hostHeader, dial, single } = dialer(connection);
  // Each idle connection with what stops watching it: closed by the engine or by an error, it leaves the pool.
  const idle = new Map<Refable, () => void>();
  let loggingIn = 0;
  const waiting: (() => void)[] = [];
  return {
    hostHeader,
    async acquire(signal) {
      if (signal?.aborted) throw abortError();
      for (const [socket, unwatch] of idle) {
        idle.delete(socket);
        unwatch();
        if (socket.destroyed || !socket.writable) continue;
        socket.ref?.();
        return socket;
      }
      if (!single) return dial();
      while (loggingIn >= single.loggingInAtOnce) await turn(waiting, signal);
      loggingIn += 1;
      const socket = dial();
      // The first bytes of the answer come from the engine: the login is done.
      const loggedIn = () => {
        socket.off('data', loggedIn).off('close', loggedIn);
        loggingIn -= 1;
        waiting.shift()?.();
      };
      socket.on('data', loggedIn).on('close', loggedIn);
      return socket;
    },
    release(socket: Refable, keep) {
      if (!keep || single || socket.destroyed) {
        socket.destroy();
        return;
      }
      const close = () => socket.destroy();
      const gone = () => idle.delete(socket);
      socket.once('end', close).once('close', gone).on('error', close);
      idle.set(socket, () => socket.off('end', close).off('close', gone).off('error', close));
      // Idle, it holds no process open.
      socket.unref?.();
    },
  };
}

/** Waits until a login is done or fails (its waiter is called), or rejects on an abort, leaving the queue. */
function turn(waiting: (() => void)[], signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const next = () => {
      signal?.removeEventListener('abort', aborted);
      resolve();
    };
    const aborted = () => {
      waiting.splice(waiting.indexOf(next), 1);
      reject(abortError());
    };
    waiting.push(next);
    signal?.addEventListener('abort', aborted, { once: true });
  });
}

/** The name the docker CLI sends where no host name applies (a socket, ssh). */
const LOCAL_HOST = 'api.moby.localhost';

function dialer(connection: Connection): Dialer {
  if (connection.socketPath) {
    const socketPath = connection.socketPath;
    return { hostHeader: LOCAL_HOST, dial: () => netConnect(socketPath) };
  }
  if (connection.protocol === 'ssh') return { hostHeader: LOCAL_HOST, dial: () => sshBridge(connection), single: { loggingInAtOnce: 4 } };
  const host = connection.host ?? 'localhost';
  const port = connection.port ?? 2375;
  const hostHeader = `${host.includes(':') && !host.startsWith('[') ? `[${host}]` : host}:${port}`;
  if (connection.protocol === 'https') {
    // node:tls loads only for engines that use it (it is not bundled: getBuiltinModule, not import()).
    const { connect, rootCertificates } = process.getBuiltinModule('node:tls');
    const ca = connection.ca ?? defaultCasWithExtra(rootCertificates);
    const options = {
      host,
      port,
      ...(ca ? { ca } : {}),
      ...(connection.cert ? { cert: connection.cert } : {}),
      ...(connection.key ? { key: connection.key } : {}),
      // SNI takes host names only; an address is checked against the certificate's IP entries.
      ...(isAddress(host) ? {} : { servername: host }),
    };
    return { hostHeader, dial: () => connect(options).setNoDelay(true) };
  }
  return { hostHeader, dial: () => netConnect({ host, port }).setNoDelay(true) };
}

function isAddress(host: string): boolean {
  return host.includes(':') || /^\d{1,3}(?:\.\d{1,3}){3}$/.test(host);
}

/**
 * As the docker CLI does: the remote docker CLI bridges stdio to its engine's socket, so
 * ~/.ssh/config, agents and known_hosts all work as they do for `ssh` itself.
 */
function sshBridge(connection: Connection): Duplex {
  const { host, port, username } = connection;
  const args = ['-T', ...(port && port !== 22 ? ['-p', String(port)] : []), ...(username ? ['-l', username] : []), '--', String(host), 'docker', 'system', 'dial-stdio'];
  const child = spawn('ssh', args, { stdio: ['pipe', 'pipe', 'inherit'] });
  const duplex = Duplex.from({ readable: child.stdout, writable: child.stdin });
  child.on('error', (error) => duplex.destroy(error));
  duplex.on('close', () => child.kill());
  // While a request uses the connection, it handles the errors; after that the only one is our
  // closing it (the child's pipes end early), which is the plan.
  duplex.on('error', () => undefined);
  return duplex;
}

/**
 * What NODE_EXTRA_CA_CERTS would have made of the default CAs: bin/stackc moves the variable to
 * STACKC_EXTRA_CA_CERTS so that Node does not load it at every start. As in Node, the extra
 * certificates extend the well-known roots and do not apply where a CA is given (DOCKER_CERT_PATH).
 */
function defaultCasWithExtra(rootCertificates: readonly string[], env: NodeJS.ProcessEnv = process.env): string[] | undefined {
  const file = env.STACKC_EXTRA_CA_CERTS;
  if (!file) return undefined;
  try {
    return [...rootCertificates, readFileSync(file, 'utf8')];
  } catch (error) {
    // Node only warns about an unreadable NODE_EXTRA_CA_CERTS; so does stackc.
    process.emitWarning(`Ignoring extra certs from \`${file}\`, load failed: ${(error as Error).message}`);
    return undefined;
  }
}

function pathWithQuery(request: EngineRequest): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(request.query ?? {})) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const item of value) params.append(key, String(item));
    else if (typeof value === 'object') params.append(key, JSON.stringify(value));
    else params.append(key, typeof value === 'boolean' ? (value ? '1' : '0') : String(value));
  }
  const query = params.toString();
  return query ? `${request.path}?${query}` : request.path;
}

export async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** The engine reports errors as `{"message": "..."}`; older paths answer with plain text. */
function errorMessage(text: string): string {
  try {
    const parsed = JSON.parse(text) as { message?: unknown };
    if (typeof parsed.message === 'string') return parsed.message.trim();
  } catch {
    // not JSON: the text is the message
  }
  return text.trim();
}

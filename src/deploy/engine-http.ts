/**
 * HTTP to the engine on node:http and node:https alone. stackc used dockerode before; it loads
 * ssh2, grpc and protobufjs eagerly, about 100 ms on every run, which was the largest part of a
 * no-op `up` or `deploy`. The Engine API stackc needs is plain JSON requests plus three kinds of
 * streams (JSON progress lines, multiplexed output, and the hijacked exec connection), so this
 * module covers it in a page.
 *
 * Paths carry no API version, so the engine serves its own current one (as dockerode did).
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Agent, request as httpRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { Duplex, type Readable } from 'node:stream';
import { rootCertificates } from 'node:tls';
import type { Connection } from './connection.js';

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

export interface EngineHttp {
  /** The whole answer, parsed when it is JSON (undefined when empty). */
  json<T>(request: EngineRequest): Promise<T>;
  /** The answer as a stream, for progress and logs; the status was already checked. */
  open(request: EngineRequest): Promise<IncomingMessage>;
  /** The connection itself after the engine switched protocols (exec's attached streams). */
  upgrade(request: EngineRequest): Promise<Duplex>;
}

export function engineHttp(connection: Connection): EngineHttp {
  const base = requestBase(connection);
  const send = (request: EngineRequest, extraHeaders: Record<string, string> = {}) =>
    new Promise<{ response?: IncomingMessage; upgraded?: Duplex }>((resolve, reject) => {
      const json = request.body !== undefined && !request.upload;
      const payload = json ? Buffer.from(JSON.stringify(request.body)) : undefined;
      const headers: Record<string, string> = {
        Host: base.hostHeader,
        ...(json ? { 'Content-Type': 'application/json', 'Content-Length': String(payload!.length) } : {}),
        ...(request.upload ? { 'Content-Type': 'application/x-tar' } : {}),
        ...request.headers,
        ...extraHeaders,
      };
      const req = base.request({ ...base.options, method: request.method, path: pathWithQuery(request), headers, ...(request.signal ? { signal: request.signal } : {}) });
      req.on('error', reject);
      req.on('response', (response) => resolve({ response }));
      req.on('upgrade', (_response, socket, head) => {
        if (head.length) socket.unshift(head);
        resolve({ upgraded: socket });
      });
      if (request.upload) {
        request.upload.on('error', (error) => req.destroy(error));
        request.upload.pipe(req);
      } else req.end(payload);
    });

  const checked = async (response: IncomingMessage): Promise<IncomingMessage> => {
    const status = response.statusCode ?? 0;
    if (status < 400) return response;
    const text = (await readAll(response)).toString('utf8');
    throw new HttpStatusError(status, errorMessage(text) || `HTTP ${status}`);
  };

  return {
    json: async <T>(request: EngineRequest) => {
      const { response } = await send(request);
      const body = await readAll(await checked(response!));
      if (!body.length) return undefined as T;
      return (/json/.test(response!.headers['content-type'] ?? '') ? JSON.parse(body.toString('utf8')) : body.toString('utf8')) as T;
    },
    open: async (request) => checked((await send(request)).response!),
    upgrade: async (request) => {
      const { response, upgraded } = await send(request, { Connection: 'Upgrade', Upgrade: 'tcp' });
      if (upgraded) return upgraded;
      // Every engine since API 1.24 switches protocols; anything else is an error answer.
      await checked(response!);
      response!.destroy();
      throw new HttpStatusError(response!.statusCode ?? 0, 'the engine did not switch protocols for the attached streams');
    },
  };
}

interface RequestBase {
  readonly options: RequestOptions;
  readonly request: typeof httpRequest;
  /**
   * Given, not left to Node: Node's own Host header checks the host with net.isIPv6, whose
   * first calls compile a large regular expression (~6 ms of every run).
   */
  readonly hostHeader: string;
}

/**
 * For connections without TLS: an empty TLS server name keeps Node's agent from working one out
 * of the host (with the same net.isIP check) for a handshake that never happens.
 */
const NO_TLS = { servername: '' } as const;

/** The name the docker CLI sends where no host name applies (a socket, ssh). */
const LOCAL_HOST = 'api.moby.localhost';

function requestBase(connection: Connection): RequestBase {
  if (connection.socketPath) {
    return { options: { socketPath: connection.socketPath, agent: new Agent({ keepAlive: true }), ...NO_TLS }, request: httpRequest, hostHeader: LOCAL_HOST };
  }
  const name = connection.host ?? 'localhost';
  const hostHeader = `${name.includes(':') && !name.startsWith('[') ? `[${name}]` : name}:${connection.port}`;
  if (connection.protocol === 'https') {
    const ca = connection.ca ?? defaultCasWithExtra();
    const tls = { ...(ca ? { ca } : {}), ...(connection.cert ? { cert: connection.cert } : {}), ...(connection.key ? { key: connection.key } : {}) };
    return { options: { host: connection.host, port: connection.port, ...tls, agent: new HttpsAgent({ keepAlive: true }) }, request: httpsRequest, hostHeader };
  }
  if (connection.protocol === 'ssh') {
    // As the docker CLI does: the remote docker CLI bridges stdio to its engine's socket, so
    // ~/.ssh/config, agents and known_hosts all work as they do for `ssh` itself.
    return { options: { host: 'docker', agent: new SshAgent(connection), ...NO_TLS }, request: httpRequest, hostHeader: LOCAL_HOST };
  }
  return { options: { host: connection.host, port: connection.port, agent: new Agent({ keepAlive: true }), ...NO_TLS }, request: httpRequest, hostHeader };
}

/**
 * What NODE_EXTRA_CA_CERTS would have made of the default CAs: bin/stackc moves the variable to
 * STACKC_EXTRA_CA_CERTS so that Node does not load it at every start. As in Node, the extra
 * certificates extend the well-known roots and do not apply where a CA is given (DOCKER_CERT_PATH).
 */
function defaultCasWithExtra(env: NodeJS.ProcessEnv = process.env): string[] | undefined {
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

class SshAgent extends Agent {
  constructor(private readonly connection: Connection) {
    // Each connection is an ssh login: a few at a time stay well under sshd's MaxStartups.
    super({ keepAlive: false, maxSockets: 4 });
  }

  override createConnection(): Duplex {
    const { host, port, username } = this.connection;
    const args = ['-T', ...(port && port !== 22 ? ['-p', String(port)] : []), ...(username ? ['-l', username] : []), '--', String(host), 'docker', 'system', 'dial-stdio'];
    const child = spawn('ssh', args, { stdio: ['pipe', 'pipe', 'inherit'] });
    const duplex = Duplex.from({ readable: child.stdout, writable: child.stdin });
    child.on('error', (error) => duplex.destroy(error));
    duplex.on('close', () => child.kill());
    // While a request uses the connection the HTTP client handles its errors; after that the only
    // one is the agent closing it (an AbortError from the duplex), which is the plan.
    duplex.on('error', () => undefined);
    return duplex;
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

/**
 * The engine client both engine APIs (containers, swarm) share: Engine API requests over
 * engine-http.ts, and the one place where a failure becomes an EngineError that says what could
 * not be done and why, in the engine's own words.
 */
import type { Duplex, Readable } from 'node:stream';
import type { Connection } from './connection.js';
import { EngineError } from './engine-api.js';
import { engineHttp, HttpStatusError, type EngineRequest } from './engine-http.js';

export interface DockerClient {
  readonly endpoint: string;
  /** `what` completes "cannot …" in the error message. */
  json<T>(what: string, request: EngineRequest): Promise<T>;
  /** As json, but a 404 answers undefined: the object is not there. */
  jsonOrAbsent<T>(what: string, request: EngineRequest): Promise<T | undefined>;
  /** A removal that succeeds when the object is already gone (another actor got there first). */
  remove(what: string, request: EngineRequest): Promise<void>;
  open(what: string, request: EngineRequest): Promise<Readable>;
  upgrade(what: string, request: EngineRequest): Promise<Duplex>;
  /** Runs `fn` (several requests, a stream to follow) with the same error mapping. */
  call<T>(what: string, fn: () => Promise<T>): Promise<T>;
}

export function dockerClient(connection: Connection): DockerClient {
  const http = engineHttp(connection);
  const { endpoint } = connection;
  const call = async <T>(what: string, fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (error) {
      throw toEngineError(what, error, endpoint);
    }
  };
  const absentWhen = (gone: (error: HttpStatusError) => boolean) => async <T>(what: string, fn: () => Promise<T>): Promise<T | undefined> =>
    call(what, async () => {
      try {
        return await fn();
      } catch (error) {
        if (error instanceof HttpStatusError && gone(error)) return undefined;
        throw error;
      }
    });
  const absentIs404 = absentWhen((error) => error.status === 404);
  // Removing a swarm network the manager already dropped, while this node still lists its local
  // copy, fails with "network … not found" under another status than 404: gone all the same.
  const goneAlready = absentWhen((error) => error.status === 404 || /^network \S+ not found$/i.test(error.message));
  return {
    endpoint,
    call,
    json: (what, request) => call(what, () => http.json(request)),
    jsonOrAbsent: (what, request) => absentIs404(what, () => http.json(request)),
    remove: async (what, request) => void (await goneAlready(what, () => http.json(request))),
    open: (what, request) => call(what, () => http.open(request)),
    upgrade: (what, request) => call(what, () => http.upgrade(request)),
  };
}

/** A path segment from data (an ID, a name, an image reference). */
export const segment = (value: string): string => encodeURIComponent(value);

/** Engine list filters as the API wants them: a JSON object of string lists. */
export function labelFilters(labels: readonly string[] | undefined, names?: readonly string[]): Record<string, readonly string[]> {
  return { ...(labels?.length ? { label: labels } : {}), ...(names?.length ? { name: names } : {}) };
}

/**
 * The registry credentials header: base64url of the JSON auth config, as the engine reads it —
 * with `=` padding (Node's base64url drops it): engine 20.10 loses the last bytes of an unpadded
 * value, and with them the credentials, whenever the JSON's length is not a multiple of 3.
 */
export function registryAuthHeader(auth: object | undefined): Record<string, string> {
  return auth ? { 'X-Registry-Auth': Buffer.from(JSON.stringify(auth)).toString('base64').replace(/\+/g, '-').replace(/\//g, '_') } : {};
}

function toEngineError(what: string, error: unknown, endpoint: string): EngineError {
  if (error instanceof EngineError) return error;
  if (error instanceof HttpStatusError) return new EngineError(`cannot ${what}: ${error.message}`, error.status);
  const e = error as { message?: string; code?: string; syscall?: string; path?: string };
  // Only a failed connect means no engine: a build context that cannot be read fails with the
  // same codes, and says what it could not read.
  if (e.syscall === 'connect' && (e.code === 'ENOENT' || e.code === 'ECONNREFUSED' || e.code === 'EACCES')) {
    return new EngineError(`cannot ${what}: no engine answers at ${endpoint} (${e.code}); is dockerd running? (set DOCKER_HOST or --host)`, undefined);
  }
  if (e.syscall === 'spawn ssh') return new EngineError(`cannot ${what}: cannot run ssh for ${endpoint} (${e.code}); is an OpenSSH client installed?`, undefined);
  if (e.code && /CERT|SSL|TLS|self.signed|UNABLE_TO/i.test(`${e.code} ${e.message}`)) {
    // The engine refused our client certificate (TLS alert from the server): say which files.
    if (/ALERT_(BAD_CERTIFICATE|UNKNOWN_CA|CERTIFICATE_REQUIRED|CERTIFICATE_UNKNOWN|ACCESS_DENIED)/.test(e.code)) {
      return new EngineError(`cannot ${what}: the engine at ${endpoint} rejected the client certificate (${e.code}); check DOCKER_CERT_PATH / --tlscert / --tlskey`, undefined);
    }
    // OpenSSL's own messages span lines ("...:SSL alert number 42\n"): one line is enough.
    const reason = String(e.message ?? '').split('\n')[0]!.trim();
    return new EngineError(`cannot ${what}: TLS handshake with ${endpoint} failed (${e.code}): ${reason}; check DOCKER_CERT_PATH / --tlscacert`, undefined);
  }
  return new EngineError(`cannot ${what}: ${String(e.message ?? error).trim()}`, undefined);
}

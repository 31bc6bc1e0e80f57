/**
 * The dockerode client both engine APIs (containers, swarm) share, and the one place where a
 * dockerode failure becomes an EngineError with the engine's own message.
 */
import Docker from 'dockerode';
import type { Connection } from './connection.js';
import { EngineError } from './engine-api.js';

export interface DockerClient {
  readonly docker: Docker;
  readonly endpoint: string;
  /** Runs `fn`; any failure becomes an EngineError saying what could not be done and why. */
  call<T>(what: string, fn: () => Promise<T>): Promise<T>;
  statusOf(error: unknown): number | undefined;
}

export function dockerClient(connection: Connection): DockerClient {
  const { endpoint, ...options } = connection;
  const docker = new Docker(options as Docker.DockerOptions);
  return {
    docker,
    endpoint,
    call: async (what, fn) => {
      try {
        return await fn();
      } catch (error) {
        throw toEngineError(what, error, endpoint);
      }
    },
    statusOf: (error) => (error as { statusCode?: number }).statusCode,
  };
}

/** Engine list filters as the API wants them: a JSON object of string lists. */
export function labelFilters(labels: readonly string[] | undefined, names?: readonly string[]): string {
  return JSON.stringify({ ...(labels?.length ? { label: labels } : {}), ...(names?.length ? { name: names } : {}) });
}

function toEngineError(what: string, error: unknown, endpoint: string): EngineError {
  if (error instanceof EngineError) return error;
  const e = error as { statusCode?: number; json?: { message?: string }; message?: string; code?: string };
  if (e.code === 'ENOENT' || e.code === 'ECONNREFUSED' || e.code === 'EACCES') {
    return new EngineError(`cannot ${what}: no engine answers at ${endpoint} (${e.code}); is dockerd running? (set DOCKER_HOST or --host)`, undefined);
  }
  if (e.code && /CERT|SSL|TLS|self.signed|UNABLE_TO/i.test(`${e.code} ${e.message}`)) {
    // The engine refused our client certificate (TLS alert from the server): say which files.
    if (/ALERT_(BAD_CERTIFICATE|UNKNOWN_CA|CERTIFICATE_REQUIRED|CERTIFICATE_UNKNOWN|ACCESS_DENIED)/.test(e.code)) {
      return new EngineError(`cannot ${what}: the engine at ${endpoint} rejected the client certificate (${e.code}); check DOCKER_CERT_PATH / --tlscert / --tlskey`, undefined);
    }
    // OpenSSL's own messages span lines ("...:SSL alert number 42\n"): one line is enough.
    const reason = String(e.message ?? '').split('\n')[0]!.trim();
    return new EngineError(`cannot ${what}: TLS handshake with ${endpoint} failed (${e.code}): ${reason}; check DOCKER_CERT_PATH / --tlscacert`, undefined);
  }
  const detail = e.json?.message ?? (typeof e.message === 'string' ? e.message.replace(/^\(HTTP code \d+\)\s*[^-]*-\s*/, '') : String(error));
  return new EngineError(`cannot ${what}: ${detail.trim()}`, e.statusCode);
}

/** Removing what is already gone succeeds: another actor (or an earlier try) got there first. */
export async function ignoreGone(statusOf: (error: unknown) => number | undefined, remove: () => Promise<unknown>): Promise<void> {
  try {
    await remove();
  } catch (error) {
    if (statusOf(error) !== 404) throw error;
  }
}

/**
 * Which engine to talk to, decided as the docker CLI decides it: `--host`, then DOCKER_HOST
 * (with DOCKER_TLS_VERIFY/DOCKER_CERT_PATH), then `--context`/DOCKER_CONTEXT, then the current
 * context in the docker CLI's config directory, then the local socket. Pure except for reading
 * the CLI's config files; the result is plain options for the HTTP client (engine-http.ts).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';

export interface ConnectionFlags {
  readonly host?: string;
  readonly context?: string;
  readonly tlsverify?: boolean;
  readonly tlscacert?: string;
  readonly tlscert?: string;
  readonly tlskey?: string;
}

export interface Connection {
  /** What the user sees in messages: `unix:///var/run/docker.sock`, `tcp://host:2376`. */
  readonly endpoint: string;
  readonly socketPath?: string;
  readonly host?: string;
  readonly port?: number;
  readonly protocol?: 'http' | 'https' | 'ssh';
  readonly username?: string;
  readonly ca?: string;
  readonly cert?: string;
  readonly key?: string;
}

export class ConnectionError extends Error {}

const DEFAULT_SOCKET = 'unix:///var/run/docker.sock';

export function resolveConnection(flags: ConnectionFlags, env: NodeJS.ProcessEnv = process.env): Connection {
  const configDir = env.DOCKER_CONFIG ?? path.join(homedir(), '.docker');
  const tls = tlsOptions(flags, env);
  if (flags.host) return fromHost(flags.host, tls);
  if (env.DOCKER_HOST) return fromHost(env.DOCKER_HOST, tls);
  const contextName = flags.context ?? env.DOCKER_CONTEXT ?? currentContext(configDir);
  if (contextName && contextName !== 'default') return fromContext(contextName, configDir);
  return fromHost(DEFAULT_SOCKET, tls);
}

interface Tls {
  readonly verify: boolean;
  readonly ca?: string;
  readonly cert?: string;
  readonly key?: string;
}

function tlsOptions(flags: ConnectionFlags, env: NodeJS.ProcessEnv): Tls {
  const certDir = env.DOCKER_CERT_PATH ?? path.join(env.DOCKER_CONFIG ?? path.join(homedir(), '.docker'));
  const verify = Boolean(flags.tlsverify || flags.tlscacert || (env.DOCKER_TLS_VERIFY && env.DOCKER_TLS_VERIFY !== '0'));
  if (!verify) return { verify };
  return {
    verify,
    ca: readCert(flags.tlscacert ?? path.join(certDir, 'ca.pem')),
    cert: readCert(flags.tlscert ?? path.join(certDir, 'cert.pem')),
    key: readCert(flags.tlskey ?? path.join(certDir, 'key.pem')),
  };
}

function readCert(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    throw new ConnectionError(`TLS is enabled but ${file} cannot be read (set DOCKER_CERT_PATH or --tlscacert/--tlscert/--tlskey)`);
  }
}

export function fromHost(host: string, tls: Tls = { verify: false }): Connection {
  let url: URL;
  try {
    url = new URL(host.includes('://') ? host : `tcp://${host}`);
  } catch {
    throw new ConnectionError(`invalid engine address "${host}" (expected unix:///path, tcp://host:port or ssh://user@host)`);
  }
  switch (url.protocol) {
    case 'unix:':
      return { endpoint: host, socketPath: url.pathname };
    case 'tcp:':
    case 'http:':
    case 'https:': {
      const secure = tls.verify || url.protocol === 'https:';
      return {
        endpoint: host,
        host: url.hostname,
        port: Number(url.port || (secure ? 2376 : 2375)),
        protocol: secure ? 'https' : 'http',
        ...(tls.ca ? { ca: tls.ca } : {}),
        ...(tls.cert ? { cert: tls.cert } : {}),
        ...(tls.key ? { key: tls.key } : {}),
      };
    }
    case 'ssh:':
      return { endpoint: host, host: url.hostname, port: Number(url.port || 22), protocol: 'ssh', ...(url.username ? { username: url.username } : {}) };
    default:
      throw new ConnectionError(`unsupported engine address scheme "${url.protocol}" in "${host}"`);
  }
}

function currentContext(configDir: string): string | undefined {
  try {
    const config = JSON.parse(readFileSync(path.join(configDir, 'config.json'), 'utf8')) as { currentContext?: string };
    return config.currentContext;
  } catch {
    return undefined;
  }
}

/** Contexts live in contexts/meta/<sha256(name)>/meta.json, TLS material beside them in tls/. */
function fromContext(name: string, configDir: string): Connection {
  const id = createHash('sha256').update(name).digest('hex');
  let meta: { Endpoints?: { docker?: { Host?: string; SkipTLSVerify?: boolean } } };
  try {
    meta = JSON.parse(readFileSync(path.join(configDir, 'contexts', 'meta', id, 'meta.json'), 'utf8'));
  } catch {
    throw new ConnectionError(`docker context "${name}" not found in ${configDir}/contexts`);
  }
  const host = meta.Endpoints?.docker?.Host;
  if (!host) throw new ConnectionError(`docker context "${name}" has no docker endpoint`);
  const tlsDir = path.join(configDir, 'contexts', 'tls', id, 'docker');
  const read = (file: string) => {
    try {
      return readFileSync(path.join(tlsDir, file), 'utf8');
    } catch {
      return undefined;
    }
  };
  const ca = read('ca.pem');
  const cert = read('cert.pem');
  const key = read('key.pem');
  const verify = Boolean(ca && !meta.Endpoints?.docker?.SkipTLSVerify);
  return fromHost(host, { verify, ...(ca ? { ca } : {}), ...(cert ? { cert } : {}), ...(key ? { key } : {}) });
}

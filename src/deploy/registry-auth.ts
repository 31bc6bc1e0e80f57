/**
 * Registry credentials from the docker CLI's config (`docker login` writes them to
 * config.json `auths`), for `deploy --with-registry-auth`: the engine passes them to the nodes
 * that pull the image. Credential helpers (credsStore) are not run; say so when one is set.
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import type { RegistryAuth } from './swarm/swarm-api.js';

const DOCKER_HUB = 'https://index.docker.io/v1/';

/** The registry part of an image reference (`host:port/team/app:tag` → `host:port`). */
export function registryOf(image: string): string {
  const first = image.split('/')[0] ?? '';
  return image.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost') ? first : DOCKER_HUB;
}

export interface AuthLookup {
  readonly lookup: (image: string) => RegistryAuth | undefined;
  readonly warning?: string;
}

export function registryAuths(env: NodeJS.ProcessEnv = process.env): AuthLookup {
  const file = path.join(env.DOCKER_CONFIG ?? path.join(homedir(), '.docker'), 'config.json');
  let config: { auths?: Record<string, { auth?: string; username?: string; password?: string }>; credsStore?: string };
  try {
    config = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return { lookup: () => undefined, warning: `no docker CLI config at ${file}: deploying without registry credentials` };
  }
  const auths = config.auths ?? {};
  return {
    lookup: (image) => {
      const registry = registryOf(image);
      const entry = auths[registry] ?? auths[`https://${registry}`] ?? auths[`http://${registry}`];
      if (!entry) return undefined;
      if (entry.auth) {
        const [username, ...rest] = Buffer.from(entry.auth, 'base64').toString('utf8').split(':');
        return { username: username ?? '', password: rest.join(':'), serveraddress: registry };
      }
      return entry.username ? { username: entry.username, password: entry.password ?? '', serveraddress: registry } : undefined;
    },
    ...(config.credsStore ? { warning: `credentials in the "${config.credsStore}" credential helper are not read; only config.json auths are used` } : {}),
  };
}

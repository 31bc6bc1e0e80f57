/**
 * Which files make up a project, where its directory is, and what it is called, by the rules
 * docker compose users rely on: -f (repeatable) over COMPOSE_FILE over the default names found
 * upward from the working directory (plus the matching override file); -p over
 * COMPOSE_PROJECT_NAME over the top-level `name:` over the directory name.
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Variables } from './interpolate.js';
import { STDIN } from './load-file.js';

export const DEFAULT_FILES = ['compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml'] as const;
const OVERRIDES: Record<string, readonly string[]> = {
  'compose.yaml': ['compose.override.yaml', 'compose.override.yml'],
  'compose.yml': ['compose.override.yml', 'compose.override.yaml'],
  'docker-compose.yaml': ['docker-compose.override.yaml', 'docker-compose.override.yml'],
  'docker-compose.yml': ['docker-compose.override.yml', 'docker-compose.override.yaml'],
};

export interface FileSelection {
  readonly files: readonly string[];
  /** Where the default files were searched from, when none was found. */
  readonly searched?: string;
}

export function selectFiles(explicit: readonly string[], cwd: string, env: Variables): FileSelection {
  if (explicit.length) return { files: explicit.map((f) => (f === STDIN ? f : path.resolve(cwd, f))) };
  const fromEnv = env.COMPOSE_FILE;
  if (fromEnv) {
    const separator = env.COMPOSE_PATH_SEPARATOR || (process.platform === 'win32' ? ';' : ':');
    return { files: fromEnv.split(separator).filter(Boolean).map((f) => path.resolve(cwd, f)) };
  }
  for (let dir = cwd; ; dir = path.dirname(dir)) {
    const found = DEFAULT_FILES.find((name) => isFile(path.join(dir, name)));
    if (found) {
      const override = OVERRIDES[found]!.find((name) => isFile(path.join(dir, name)));
      return { files: [path.join(dir, found), ...(override ? [path.join(dir, override)] : [])] };
    }
    if (path.dirname(dir) === dir) return { files: [], searched: cwd };
  }
}

export function projectDirectory(files: readonly string[], explicit: string | undefined, cwd: string): string {
  if (explicit) return path.resolve(cwd, explicit);
  const first = files[0];
  return first && first !== STDIN ? path.dirname(first) : cwd;
}

/** Lowercase letters, digits, `-` and `_`, starting with a letter or digit, as compose requires. */
export function normalizeProjectName(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9_-]/g, '')
    .replace(/^[^a-z0-9]+/, '');
}

export function projectName(
  explicit: string | undefined,
  env: Variables,
  declared: unknown,
  projectDir: string,
): string {
  const candidates = [explicit, env.COMPOSE_PROJECT_NAME, typeof declared === 'string' ? declared : undefined];
  const chosen = candidates.find((c) => c !== undefined && c !== '');
  return normalizeProjectName(chosen ?? path.basename(projectDir)) || 'default';
}

function isFile(file: string): boolean {
  try {
    return existsSync(file) && statSync(file).isFile();
  } catch {
    return false;
  }
}

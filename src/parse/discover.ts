/**
 * Which files make up a project, where its directory is, and what it is called, by the rules
 * docker compose users rely on: -f (repeatable) over COMPOSE_FILE over the default names found
 * upward from the working directory (plus the matching override file); -p over
 * COMPOSE_PROJECT_NAME over the top-level `name:` over the directory name (a stack name given to
 * deploy or diff over all of them).
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { diagnostic, type Diagnostic } from './diagnostics.js';
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

/** What names the project; the first of these that is set wins. */
export interface NameSources {
  /** The STACK of deploy and diff: the stack's name as written, as docker stack deploy takes it. */
  readonly stack?: string | undefined;
  /** -p */
  readonly explicit?: string | undefined;
  readonly env: Variables;
  /** The top-level `name:`. */
  readonly declared: unknown;
  readonly projectDir: string;
}

/**
 * A stack name stackc puts before `_<key>` to name services and networks, which swarm requires
 * to be DNS labels: so letters (either case), digits, `-` and `_`, from a letter or digit.
 */
const STACK_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

/**
 * The project's name, as docker compose chooses it: a name the user gave (-p, COMPOSE_PROJECT_NAME)
 * must already be a valid one, while `name:` and the directory's name are normalized (compose-go
 * does the same). A stack name is taken as written, mixed case included, so that `stackc deploy
 * MyStack` and `docker stack deploy MyStack` manage one stack. Reports an invalid given name as
 * E0004 rather than quietly using another: deploying `my.app` as `myapp` would change a stack
 * nobody named.
 */
export function projectName(sources: NameSources, diagnostics: Diagnostic[]): string {
  const { stack, explicit, env, declared, projectDir } = sources;
  if (stack) {
    if (!STACK_NAME.test(stack)) {
      diagnostics.push(
        diagnostic('E0004', `invalid stack name ${JSON.stringify(stack)}: swarm names its services and networks \`<stack>_<key>\`, which may hold only letters, digits, \`-\` and \`_\``, {
          hint: 'start with a letter or digit and leave out other characters',
        }),
      );
    }
    return stack;
  }
  const given = [
    { name: explicit, from: '-p' },
    { name: env.COMPOSE_PROJECT_NAME, from: 'COMPOSE_PROJECT_NAME' },
  ].find((g) => g.name !== undefined && g.name !== '');
  if (given?.name !== undefined) {
    const normalized = normalizeProjectName(given.name);
    if (normalized !== given.name) {
      diagnostics.push(
        diagnostic('E0004', `invalid project name ${JSON.stringify(given.name)} (from ${given.from}): it may hold only lowercase letters, digits, \`-\` and \`_\`, and must start with a letter or digit`, {
          ...(normalized ? { hint: `use \`${normalized}\`` } : {}),
        }),
      );
    }
    return given.name;
  }
  return normalizeProjectName(typeof declared === 'string' && declared !== '' ? declared : path.basename(projectDir)) || 'default';
}

function isFile(file: string): boolean {
  try {
    return existsSync(file) && statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * What every swarm lowering helper may read: the project, the options of this run, and the list
 * warnings are collected into.
 */
import type { Project } from '../../normalize/model.js';
import { diagnostic, type Diagnostic, type JsonPath } from '../../parse/diagnostics.js';
import type { ContentSource } from './desired.js';

export interface SwarmLowerOptions {
  /** The stack name: the namespace of every object (`<stack>_<name>`, `com.docker.stack.namespace`). */
  readonly stack: string;
  /**
   * The sha256 (hex) of a secret's or config's content. Secret and config names are content
   * addressed, but the content lives in files and environment variables that lowering does not
   * read. Deploy reads every source listed by `contentSources(project)` first (reporting the ones
   * it cannot read), then passes a lookup into what it read; `digestContent` hashes the bytes.
   * The function must be deterministic for lowering to stay pure.
   */
  readonly contentDigest: (source: ContentSource) => string;
  /**
   * The bind-mount sources (from `bindSources(project)`) that do not exist on the machine running
   * stackc. Swarm never creates a bind source, so each is a W0703; lowering does not look at the
   * file system, so deploy checks the paths first and passes what it found.
   */
  readonly missingBindSources: ReadonlySet<string>;
}

export interface LowerContext {
  readonly project: Project;
  readonly options: SwarmLowerOptions;
  readonly diagnostics: Diagnostic[];
}

/** W0701: the key is set but a swarm cannot honour it (or honours it differently). */
export function unsupported(ctx: LowerContext, path: JsonPath, message: string, hint?: string): void {
  ctx.diagnostics.push(diagnostic('W0701', message, { path, ...(hint ? { hint } : {}) }));
}

/** A path under `services.<name>`. */
export function servicePath(service: string, ...rest: (string | number)[]): JsonPath {
  return ['services', service, ...rest];
}

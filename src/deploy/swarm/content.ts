/**
 * Reading secret and config contents (files, environment variables, inline content) before
 * lowering, so lowering can name each version by its digest without doing I/O itself.
 */
import { readFileSync } from 'node:fs';
import { diagnostic, type Diagnostic } from '../../parse/diagnostics.js';
import type { ContentSource } from '../../targets/swarm/desired.js';
import { digestContent } from '../../targets/swarm/index.js';

export interface Contents {
  /** The bytes of a source, as read before planning. */
  bytes(source: ContentSource): Buffer;
  digest(source: ContentSource): string;
}

export function keyOf(source: ContentSource): string {
  return 'file' in source ? `file:${source.file}` : 'environment' in source ? `env:${source.environment}` : `content:${source.content}`;
}

/** A secret's or config's source, with the top-level entry that names it. */
export interface NamedSource {
  readonly kind: 'secrets' | 'configs';
  readonly key: string;
  readonly source: ContentSource;
}

/** Reads every source; one that cannot be read is an error at the entry's `file:` or `environment:`. */
export function readContents(sources: readonly NamedSource[], variables: Readonly<Record<string, string>>): { contents: Contents; diagnostics: Diagnostic[] } {
  const read = new Map<string, Buffer>();
  const diagnostics: Diagnostic[] = [];
  for (const { kind, key: name, source } of sources) {
    const key = keyOf(source);
    if (read.has(key)) continue;
    const what = `${kind === 'secrets' ? 'secret' : 'config'} \`${name}\``;
    if ('file' in source) {
      try {
        read.set(key, readFileSync(source.file));
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? String(error);
        const reason = code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' ? 'permission denied' : code;
        diagnostics.push(
          diagnostic('E0002', `cannot read the file of ${what}, \`${source.file}\`: ${reason}`, {
            path: [kind, name, 'file'],
            ...(code === 'EISDIR' ? { hint: `a ${kind === 'secrets' ? 'secret' : 'config'} is the content of one file: name a file` } : {}),
          }),
        );
      }
    } else if ('environment' in source) {
      const value = variables[source.environment];
      if (value !== undefined) read.set(key, Buffer.from(value));
      else {
        diagnostics.push(
          diagnostic('E0201', `${what} takes its content from the environment variable ${source.environment}, which is not set`, {
            path: [kind, name, 'environment'],
            hint: `set ${source.environment} in the environment or in the project's .env file`,
          }),
        );
      }
    } else {
      read.set(key, Buffer.from(source.content));
    }
  }
  const bytes = (source: ContentSource) => read.get(keyOf(source)) ?? Buffer.alloc(0);
  return { contents: { bytes, digest: (source) => digestContent(bytes(source)) }, diagnostics };
}

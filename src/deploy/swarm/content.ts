/**
 * Reading secret and config contents (files, environment variables, inline content) before
 * lowering, so lowering can name each version by its digest without doing I/O itself.
 */
import { readFileSync } from 'node:fs';
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

/** Reads every source; what cannot be read is reported as one message per source. */
export function readContents(sources: readonly ContentSource[], variables: Readonly<Record<string, string>>): { contents: Contents; errors: string[] } {
  const read = new Map<string, Buffer>();
  const errors: string[] = [];
  for (const source of sources) {
    const key = keyOf(source);
    if (read.has(key)) continue;
    if ('file' in source) {
      try {
        read.set(key, readFileSync(source.file));
      } catch (error) {
        errors.push(`cannot read ${source.file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
      }
    } else if ('environment' in source) {
      const value = variables[source.environment];
      if (value === undefined) errors.push(`environment variable ${source.environment} is not set (a secret or config takes its content from it)`);
      else read.set(key, Buffer.from(value));
    } else {
      read.set(key, Buffer.from(source.content));
    }
  }
  const bytes = (source: ContentSource) => read.get(keyOf(source)) ?? Buffer.alloc(0);
  return { contents: { bytes, digest: (source) => digestContent(bytes(source)) }, errors };
}

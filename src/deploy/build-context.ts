/**
 * The build context as the engine's build endpoint wants it: a tar of the context directory
 * without what `.dockerignore` excludes. tar-fs packs and @balena/dockerignore matches the
 * patterns with docker's rules (`**`, `!` exceptions); both load only when something is built.
 */
import { lstatSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';

export async function buildContext(context: string, dockerfile: string): Promise<Readable> {
  // Both packages are CommonJS; `default` is their module.exports under Node and in the bundle.
  const [{ default: tar }, { default: dockerignore }] = await Promise.all([import('tar-fs'), import('@balena/dockerignore')]);
  // @balena/dockerignore's types declare an ES default export; at run time it is the factory.
  return tar.pack(context, { ignore: contextFilter(context, dockerfile, dockerignore as unknown as Matcher) }) as unknown as Readable;
}

type Matcher = (options?: { ignorecase?: boolean }) => { add(patterns: string): { ignores(path: string): boolean } };

/** Which absolute paths under `context` stay out of the tar (tar-fs skips a directory's subtree). */
export function contextFilter(context: string, dockerfile: string, dockerignore: Matcher): (absolute: string) => boolean {
  let patterns: string;
  try {
    patterns = readFileSync(path.join(context, '.dockerignore'), 'utf8');
  } catch {
    return () => false;
  }
  const rules = dockerignore({ ignorecase: false }).add(patterns);
  // An exception (`!dir/keep`) can bring back a file under an excluded directory, so with
  // exceptions directories are always walked and only files are left out.
  const hasExceptions = /^\s*!/m.test(patterns);
  // The engine needs these two even when the patterns exclude them, as docker build sends them;
  // the directories on the way to them are walked, not skipped.
  const alwaysSent = new Set([path.posix.normalize(dockerfile.split(path.sep).join('/')), '.dockerignore']);
  const onTheWay = new Set([...alwaysSent].flatMap((file) => file.split('/').slice(0, -1).map((_, i, parts) => parts.slice(0, i + 1).join('/'))));
  return (absolute) => {
    const relative = path.relative(context, absolute).split(path.sep).join('/');
    if (alwaysSent.has(relative) || onTheWay.has(relative)) return false;
    if (!rules.ignores(relative)) return false;
    return !(hasExceptions && lstatSync(absolute).isDirectory());
  };
}

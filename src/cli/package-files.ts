/**
 * Files that ship with stackc (package.json, the schema), found from this module upwards: the
 * same code runs from src/ under the tests and from the bundle in dist/.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export function packageFile(relative: string): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`stackc's package.json was not found above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
  return path.join(dir, relative);
}

/**
 * The `yaml` package, loaded on first use. Its CST is where positions come from, and only a file
 * that a diagnostic points into needs one, while importing the package costs about 20 ms at every
 * start (more than parsing a small compose file). `compile` is synchronous, so this is a
 * `require` (the package ships CommonJS for Node) rather than a dynamic `import()`.
 */
import { createRequire } from 'node:module';
import type * as Yaml from 'yaml';

let loaded: typeof Yaml | undefined;

export function yamlCst(): typeof Yaml {
  loaded ??= createRequire(import.meta.url)('yaml') as typeof Yaml;
  return loaded;
}

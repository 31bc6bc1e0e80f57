/**
 * The `yaml` package, loaded on first use. Its CST is where positions come from, and only a file
 * that a diagnostic points into needs one, while initialising the package costs about 20 ms
 * (more than parsing a small compose file). `compile` is synchronous, so this is a `require`
 * rather than a dynamic `import()`: the plain `require` in the bundle, which esbuild resolves
 * and bundles (so the code cache covers it too), and createRequire where the sources run as ES
 * modules (the tests).
 */
import { createRequire } from 'node:module';
import type * as Yaml from 'yaml';

let loaded: typeof Yaml | undefined;

export function yamlCst(): typeof Yaml {
  loaded ??= (typeof require === 'function' ? require('yaml') : createRequire(import.meta.url)('yaml')) as typeof Yaml;
  return loaded;
}

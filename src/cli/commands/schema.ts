/** `stackc schema`: our compose JSON schema, for editors (yaml-language-server) and CI tools. */
import { readFileSync } from 'node:fs';
import { packageFile } from '../package-files.js';

export function runSchema(): number {
  process.stdout.write(readFileSync(packageFile('src/parse/schema/compose.schema.json'), 'utf8'));
  return 0;
}

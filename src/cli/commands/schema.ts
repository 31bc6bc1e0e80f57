/** `stackc schema`: our compose JSON schema, for editors (yaml-language-server) and CI tools. */
import { readFileSync } from 'node:fs';

export function runSchema(): number {
  process.stdout.write(readFileSync(new URL('../../../src/parse/schema/compose.schema.json', import.meta.url), 'utf8'));
  return 0;
}

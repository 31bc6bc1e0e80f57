import { readFileSync } from 'node:fs';
import { packageFile } from './package-files.js';

/** Read from package.json, so there is one place to bump it. */
export const VERSION: string = (JSON.parse(readFileSync(packageFile('package.json'), 'utf8')) as { version: string }).version;

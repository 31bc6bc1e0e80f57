import { readFileSync } from 'node:fs';

/** Read from package.json next to src/ or dist/, so there is one place to bump it. */
export const VERSION: string = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

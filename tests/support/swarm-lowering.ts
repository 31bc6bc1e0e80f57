/**
 * A fixture lowered for swarm as `stackc deploy` lowers it, for the tests that need its desired
 * state (the lowering goldens, the plan goldens). Absolute paths under the fixture are written as
 * ${FIXTURE_DIR} (substituted in the Project before lowering). Secret and config names carry the
 * digest of their real content: this plays deploy's part and reads the fixture's files and
 * variables for `contentDigest`. Bind sources count as present (no W0703), so the results do not
 * depend on this machine's paths.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { compile } from '../../src/cli/compile.js';
import type { Diagnostic } from '../../src/parse/diagnostics.js';
import { digestContent, lowerSwarm, type ContentSource, type SwarmDesired } from '../../src/targets/swarm/index.js';
import { fixtureEnv, fixtureFiles, FIXTURES, PLACEHOLDER, portable } from './fixtures.js';

/** What deploy does before lowering: read each content source and hash it. */
function fixtureDigest(dir: string, variables: Readonly<Record<string, string>>) {
  return (source: ContentSource): string => {
    if ('file' in source) return digestContent(readFileSync(source.file.split(PLACEHOLDER).join(dir)));
    if ('environment' in source) return digestContent(variables[source.environment] ?? '');
    return digestContent(source.content);
  };
}

export interface LoweredFixture {
  readonly dir: string;
  readonly desired: SwarmDesired;
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * The fixture's swarm desired state as `stackc deploy [STACK]` makes it: a stack name given is
 * also the project name (it names images built for services without `image:`); without one the
 * project's name is the stack's. Undefined when the fixture does not compile.
 */
export function lowerFixtureForSwarm(name: string, stack?: string): LoweredFixture | undefined {
  const dir = path.join(FIXTURES, name);
  const compiled = compile({ files: fixtureFiles(dir), cwd: dir, env: fixtureEnv(dir), ...(stack ? { stackName: stack } : {}) });
  if (!compiled.project) return undefined;
  const project = portable(compiled.project, dir);
  const { desired, diagnostics } = lowerSwarm(project, { stack: project.name, contentDigest: fixtureDigest(dir, compiled.loaded.variables), missingBindSources: new Set() });
  return { dir, desired, diagnostics };
}

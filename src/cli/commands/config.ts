/** `stackc config`: the merged, interpolated, normalized project in long syntax. */
import { toYaml } from '../yaml-emit.js';
import { toCompose } from '../../normalize/to-compose.js';
import { compile } from '../compile.js';
import { projectOptions, type ProjectFlags } from '../options.js';
import { colorFor, exitCodeFor, formatDiagnostics } from '../output.js';

export interface ConfigFlags extends ProjectFlags {
  readonly format: 'yaml' | 'json';
  readonly services?: boolean;
  readonly volumes?: boolean;
  readonly networks?: boolean;
  readonly profiles?: boolean;
  readonly images?: boolean;
  readonly quiet?: boolean;
}

export function runConfig(flags: ConfigFlags): number {
  // Listing profiles means looking at every service, enabled or not.
  const result = compile(projectOptions(flags.profiles ? { ...flags, profile: ['*'] } : flags));
  if (result.diagnostics.length) {
    const sourceOf = (f: string) => result.loaded.sources.text(f);
    process.stderr.write(formatDiagnostics(result.diagnostics, 'text', { cwd: process.cwd(), sourceOf, color: colorFor(process.stderr) }));
  }
  const project = result.project;
  if (!project) return exitCodeFor(result.diagnostics, false);
  if (flags.quiet) return 0;
  const list = listing(flags, project);
  if (list) process.stdout.write(list.map((line) => `${line}\n`).join(''));
  else {
    const doc = toCompose(project);
    process.stdout.write(flags.format === 'json' ? JSON.stringify(doc, null, 2) + '\n' : toYaml(doc));
  }
  return 0;
}

function listing(flags: ConfigFlags, project: NonNullable<ReturnType<typeof compile>['project']>): string[] | undefined {
  const services = Object.values(project.services);
  if (flags.services) return Object.keys(project.services);
  if (flags.volumes) return Object.keys(project.volumes);
  if (flags.networks) return Object.keys(project.networks);
  if (flags.profiles) return [...new Set(services.flatMap((s) => s.profiles))].sort();
  if (flags.images) return services.map((s) => s.image ?? `${project.name}-${s.name}`);
  return undefined;
}

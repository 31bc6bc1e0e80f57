/** The compose project flags every project command shares, and their mapping to ProjectOptions. */
import { readFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import type { ProjectOptions } from '../parse/load.js';

export interface ProjectFlags {
  readonly file?: string[];
  readonly projectName?: string;
  readonly projectDirectory?: string;
  readonly envFile?: string[];
  readonly profile?: string[];
}

export const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

/** `short: false` leaves `-f` free for commands where it means --follow, as in docker compose. */
export function addProjectOptions(cmd: Command, { short = true } = {}): Command {
  return cmd
    .option(short ? '-f, --file <file>' : '--file <file>', 'compose file (repeatable; - reads standard input)', collect)
    .option('-p, --project-name <name>', 'project name')
    .option('--project-directory <dir>', 'base directory for relative paths (default: the first file\'s directory)')
    .option('--env-file <file>', 'env file for interpolation (repeatable; default: .env in the project directory)', collect)
    .option('--profile <name>', 'enable a profile (repeatable)', collect);
}

export function formatOption(choices: readonly string[], fallback: string): Option {
  return new Option('--format <format>', 'output format').choices([...choices]).default(fallback);
}

export function projectOptions(flags: ProjectFlags, extra: Partial<ProjectOptions> = {}): ProjectOptions {
  const files = flags.file ?? [];
  return {
    files,
    ...(flags.projectName !== undefined ? { projectName: flags.projectName } : {}),
    ...(flags.projectDirectory !== undefined ? { projectDirectory: flags.projectDirectory } : {}),
    ...(flags.envFile !== undefined ? { envFiles: flags.envFile } : {}),
    ...(flags.profile !== undefined ? { profiles: flags.profile } : {}),
    ...(files.includes('-') ? { stdin: readFileSync(0, 'utf8') } : {}),
    ...extra,
  };
}

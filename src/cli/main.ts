/**
 * Command wiring. Command modules load lazily so `stackc --version` and `stackc validate` do not
 * pay for dockerode or other heavy modules they do not use.
 */
import { Command, CommanderError } from 'commander';
import { addProjectOptions, formatOption, type ProjectFlags } from './options.js';
import { VERSION } from './version.js';

export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

export function buildProgram(): Command {
  const program = new Command('stackc')
    .description('Compile, validate, run and deploy Docker Compose files')
    .version(VERSION, '-v, --version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  addProjectOptions(program);

  // Project flags may come before the command (`stackc -f x config`) or after it.
  const flagsOf = <T extends ProjectFlags>(cmd: Command): T => cmd.optsWithGlobals<T>();

  addProjectOptions(program.command('validate'))
    .description('check compose files and report every problem with file:line:col')
    .argument('[files...]', 'files to validate, each as its own project (default: the project\'s files)')
    .addOption(formatOption(['text', 'json', 'sarif', 'github'], 'text'))
    .option('--strict', 'treat warnings as errors')
    .option('-q, --quiet', 'report errors only')
    .action(async (files: string[], _opts, cmd: Command) => {
      const { runValidate } = await import('./commands/validate.js');
      process.exitCode = runValidate(files, flagsOf(cmd));
    });

  addProjectOptions(program.command('config'))
    .description('print the merged, interpolated, normalized project in long syntax')
    .addOption(formatOption(['yaml', 'json'], 'yaml'))
    .option('--services', 'print the service names, one per line')
    .option('--volumes', 'print the volume names, one per line')
    .option('--networks', 'print the network names, one per line')
    .option('--profiles', 'print the profile names, one per line')
    .option('--images', 'print the image names, one per line')
    .option('-q, --quiet', 'only validate; print nothing but problems')
    .action(async (_opts, cmd: Command) => {
      const { runConfig } = await import('./commands/config.js');
      process.exitCode = runConfig(flagsOf(cmd));
    });

  program
    .command('schema')
    .description('print the compose JSON schema stackc validates with')
    .action(async () => {
      const { runSchema } = await import('./commands/schema.js');
      process.exitCode = runSchema();
    });

  program
    .command('completion')
    .description('print a shell completion script')
    .addArgument(new Command().createArgument('<shell>', 'bash, zsh or fish').choices(['bash', 'zsh', 'fish']))
    .action(async (shell: string) => {
      const { completionScript } = await import('./commands/completion.js');
      process.stdout.write(completionScript(program, shell) ?? '');
    });

  return program;
}

export async function main(argv: readonly string[]): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync([...argv]);
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here too, with exit code 0.
      process.exitCode = error.exitCode === 0 ? EXIT.ok : EXIT.usage;
      return;
    }
    process.stderr.write(`stackc: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.stderr.write('This is a bug in stackc; please report it with the input that caused it.\n');
    process.exitCode = 70;
  }
}


/**
 * Command wiring. Command modules load lazily so `stackc --version` and `stackc validate` do not
 * pay for the engine client or other modules they do not use; `--version` alone does not even load
 * commander (see main).
 */
import type { Command, Option } from 'commander';
import { addEngineOptions } from './engine.js';
import type { PsFlags } from './commands/ps.js';
import type { StackFlags } from './commands/stack.js';
import { VERSION } from './version.js';

export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

type Commander = typeof import('commander');
type OptionHelpers = typeof import('./options.js');

/** The command tree, built from commander and the option helpers, which main() loads on demand. */
export function buildProgram({ Command, Option }: Commander, { addProjectOptions, collect, formatOption }: OptionHelpers): Command {
  const progressOption = (): Option =>
    new Option('--progress <mode>', 'progress output (default: tty on a terminal, else plain)').choices(['tty', 'plain', 'quiet']);

  const program = new Command('stackc')
    .description('Compile, validate, run and deploy Docker Compose files')
    .version(VERSION, '-v, --version')
    .showHelpAfterError('(run with --help for usage)')
    // Program options before the command, command options after it: `down -v` means volumes,
    // `logs -f` follow, while `stackc -f x.yaml config` still works.
    .enablePositionalOptions()
    .exitOverride();
  addProjectOptions(program);

  // Project flags may come before the command (`stackc -f x config`) or after it.
  const flagsOf = <T extends object>(cmd: Command): T => cmd.optsWithGlobals<T>();

  addProjectOptions(program.command('validate'))
    .description('check compose files and report every problem with file:line:col')
    .argument('[files...]', 'files to validate, each as its own project (default: the project\'s files)')
    .addOption(formatOption(['text', 'json', 'sarif', 'github'], 'text'))
    .option('--strict', 'treat warnings as errors')
    .option('-q, --quiet', 'report errors only')
    .addOption(new Option('--target <target>', 'also check what up (engine) or deploy (swarm) would report for this file').choices(['engine', 'swarm']))
    .option('--stack <name>', 'swarm: the stack name deploy would use (default: the project name)')
    .action(async (files: string[], _opts, cmd: Command) => {
      const { runValidate } = await import('./commands/validate.js');
      process.exitCode = await runValidate(files, flagsOf(cmd));
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

  const engineCommand = (name: string, short = true) => addEngineOptions(addProjectOptions(program.command(name), { short }));

  engineCommand('up')
    .description('create and start the project\'s containers on one host (reconciles: unchanged containers are kept)')
    .argument('[services...]', 'services to start (with their dependencies)')
    .option('-d, --detach', 'run in the background instead of following the logs')
    .option('--scale <service=n>', 'number of containers for a service (repeatable)', collect)
    .option('--build', 'build images before starting')
    .option('--no-build', 'never build images, even when missing')
    .addOption(new Option('--pull <policy>', 'pull images').choices(['always', 'missing', 'never']))
    .option('--force-recreate', 'recreate containers even when unchanged')
    .option('--no-recreate', 'keep existing containers even when changed')
    .option('--no-deps', 'do not start the named services\' dependencies')
    .option('--remove-orphans', 'remove containers of services no longer in the project')
    .option('--wait', 'wait until services are running or healthy (implies -d)')
    .option('--wait-timeout <seconds>', 'give up waiting after this many seconds')
    .option('--dry-run', 'print the plan and change nothing')
    .option('--rollback-on-failure', 'when a container fails to start or a dependency (or --wait) fails, restore the replaced containers and remove the new ones')
    .option('--lock-timeout <seconds>', 'wait at most this long for another run on the same project (default 300)')
    .addOption(progressOption())
    .action(async (services: string[], _opts, cmd: Command) => {
      const { runUp } = await import('./commands/up.js');
      const flags = flagsOf<import('./commands/up.js').UpFlags>(cmd);
      process.exitCode = await runUp(services, flags.wait ? { ...flags, detach: true } : flags);
    });

  engineCommand('down')
    .description('stop and remove the project\'s containers and networks')
    .option('-v, --volumes', 'also remove the project\'s named volumes')
    .addOption(new Option('--rmi <which>', 'also remove images: local (built ones) or all').choices(['local', 'all']))
    .option('--remove-orphans', 'also remove containers of services no longer in the project')
    .option('-t, --timeout <seconds>', 'seconds to wait for containers to stop')
    .addOption(progressOption())
    .action(async (_opts, cmd: Command) => {
      const { runDown } = await import('./commands/down.js');
      process.exitCode = await runDown(flagsOf(cmd));
    });

  // One name, two worlds, as with diff: `ps STACK` is docker stack ps, `ps` is docker compose ps.
  engineCommand('ps')
    .description("the project's containers on one host; with a STACK name, that stack's tasks (docker stack ps)")
    .argument('[names...]', 'STACK; with --target engine, the services to list')
    .addOption(new Option('--target <target>', 'engine (the project, like docker compose ps) or swarm (a stack, like docker stack ps); default: swarm when a name is given').choices(['engine', 'swarm']))
    .addOption(formatOption(['table', 'json'], 'table'))
    .option('-q, --quiet', 'only the IDs: of the containers, or of the stack\'s tasks')
    .option('-a, --all', 'one host: include stopped containers')
    .action(async (names: string[], _opts, cmd: Command) => {
      const flags = flagsOf<PsFlags & StackFlags & { readonly target?: 'engine' | 'swarm' }>(cmd);
      if ((flags.target ?? (names.length ? 'swarm' : 'engine')) === 'engine') {
        const { runPs } = await import('./commands/ps.js');
        process.exitCode = await runPs(names, flags);
        return;
      }
      if (names.length !== 1) cmd.error(`stackc: ps for a swarm takes one stack name (got ${names.length}); for the project's containers use --target engine`, { exitCode: EXIT.usage });
      const { runStackPs } = await import('./commands/stack.js');
      process.exitCode = await runStackPs(names[0]!, flags);
    });

  engineCommand('logs', false)
    .description('print the output of the project\'s containers')
    .argument('[services...]', 'only these services')
    .option('-f, --follow', 'keep following new output')
    .option('--tail <n>', 'lines from the end of each log (default all)')
    .action(async (services: string[], _opts, cmd: Command) => {
      const { runLogs } = await import('./commands/logs.js');
      process.exitCode = await runLogs(services, flagsOf(cmd));
    });

  for (const verb of ['stop', 'start', 'restart'] as const) {
    engineCommand(verb)
      .description(`${verb} the project's containers`)
      .argument('[services...]', 'only these services')
      .option('-t, --timeout <seconds>', 'seconds to wait for containers to stop')
      .addOption(progressOption())
      .action(async (services: string[], _opts, cmd: Command) => {
        const { runLifecycle } = await import('./commands/lifecycle.js');
        process.exitCode = await runLifecycle(verb, services, flagsOf(cmd));
      });
  }

  engineCommand('exec')
    .description('run a command in a running service container')
    .argument('<service>', 'the service')
    .argument('<command...>', 'the command and its arguments')
    .option('--index <n>', 'container number of the service (default 1)')
    .option('-u, --user <user>', 'run as this user')
    .option('-w, --workdir <dir>', 'working directory inside the container')
    .option('-e, --env <KEY=VAL>', 'set an environment variable (repeatable)', collect)
    .option('-T, --no-TTY', 'do not allocate a TTY (default: one when stdin and stdout are terminals)')
    .passThroughOptions()
    .action(async (service: string, command: string[], _opts, cmd: Command) => {
      const { runExec } = await import('./commands/lifecycle.js');
      process.exitCode = await runExec(service, command, flagsOf(cmd));
    });

  engineCommand('deploy')
    .description('deploy the project to a swarm as a stack (only what changed is updated)')
    .argument('[stack]', 'stack name (default: the project name)')
    .option('-c, --compose-file <file>', 'compose file (repeatable; like -f)', collect)
    .option('--prune', 'remove services, networks, secrets and configs no longer in the file')
    .option('--wait', 'follow the services until they converge (default on a terminal)')
    .option('-d, --detach', 'do not wait for the services to converge')
    .option('--timeout <seconds>', 'give up waiting after this many seconds (default 300)')
    .addOption(new Option('--resolve-image <when>', 'pin images to registry digests: always, changed (default: new or re-imaged services), never; see README').choices(['always', 'changed', 'never']))
    .option('--with-registry-auth', 'send registry credentials from the docker CLI config to the nodes')
    .option('--dry-run', 'print the plan and change nothing')
    .option('--rollback-on-failure', 'when the services do not converge, return the updated ones to their previous spec (implies --wait)')
    .option('--lock-timeout <seconds>', 'wait at most this long for another deploy of the same stack (default 300)')
    .addOption(progressOption())
    .action(async (stack: string | undefined, _opts, cmd: Command) => {
      const { runDeploy } = await import('./commands/deploy.js');
      process.exitCode = await runDeploy(stack, flagsOf(cmd));
    });

  engineCommand('diff')
    .alias('plan')
    .description('show what deploy (a stack) or up (a project) would change, and why; changes nothing')
    .argument('[stack]', 'stack name: compares with the swarm (default target when given)')
    .option('-c, --compose-file <file>', 'compose file (repeatable; like -f)', collect)
    .addOption(new Option('--target <target>', 'engine (one host, like up) or swarm (like deploy)').choices(['engine', 'swarm']))
    .addOption(formatOption(['text', 'json'], 'text'))
    .option('--exit-code', 'exit 2 when there are changes (0 when none, 1 on errors)')
    .option('--detailed-exitcode', 'same as --exit-code (terraform spelling)')
    .option('--show-sensitive', 'show values of secret-looking environment variables')
    .option('--prune', 'swarm: include removals deploy --prune would make')
    .option('--scale <service=n>', 'engine: as up --scale (repeatable)', collect)
    .option('--remove-orphans', 'engine: include removals up --remove-orphans would make')
    .addOption(new Option('--resolve-image <when>', 'swarm: as deploy --resolve-image, to show digest updates').choices(['always', 'changed', 'never']))
    .option('--with-registry-auth', 'swarm: use the docker CLI credentials for registry lookups, as deploy does')
    .action(async (stack: string | undefined, _opts, cmd: Command) => {
      const { runDiff } = await import('./commands/diff.js');
      process.exitCode = await runDiff(stack, flagsOf(cmd));
    });

  const stackCommand = (name: string) => addEngineOptions(program.command(name));
  stackCommand('rm')
    .description('remove stacks and wait until their services, networks, secrets and configs are gone')
    .argument('<stacks...>', 'stack names')
    .option('--timeout <seconds>', 'give up waiting after this many seconds (default 120)')
    .addOption(progressOption())
    .action(async (stacks: string[], _opts, cmd: Command) => {
      const { runRm } = await import('./commands/stack.js');
      process.exitCode = await runRm(stacks, flagsOf(cmd));
    });
  stackCommand('services')
    .description("list a stack's services with their replicas")
    .argument('<stack>', 'stack name')
    .addOption(formatOption(['table', 'json'], 'table'))
    .option('-q, --quiet', 'only the service IDs')
    .action(async (stack: string, _opts, cmd: Command) => {
      const { runServices } = await import('./commands/stack.js');
      process.exitCode = await runServices(stack, flagsOf(cmd));
    });
  stackCommand('ls')
    .description('list the stacks on the swarm')
    .addOption(formatOption(['table', 'json'], 'table'))
    .action(async (_opts, cmd: Command) => {
      const { runLs } = await import('./commands/stack.js');
      process.exitCode = await runLs(flagsOf(cmd));
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

/**
 * A reader that went away (`stackc deploy | head -3`, a log collector that stopped) must not stop
 * a run halfway, holding its lock, with a Node stack trace: Node would throw EPIPE from the next
 * write. What it would have read is dropped; the run finishes and exits as it would have.
 */
function ignoreClosedReaders(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE' && error.code !== 'ERR_STREAM_DESTROYED') throw error;
    });
  }
}

export async function main(argv: readonly string[]): Promise<void> {
  ignoreClosedReaders();
  // Answered before commander and the command tree load (~15 ms of an ~85 ms run), as commander
  // itself would answer it: the version and a newline on stdout, exit code 0.
  const args = argv.slice(2);
  if (args.length === 1 && (args[0] === '--version' || args[0] === '-v')) {
    process.stdout.write(`${VERSION}\n`);
    return;
  }
  const [commander, options] = await Promise.all([import('commander'), import('./options.js')]);
  const program = buildProgram(commander, options);
  try {
    await program.parseAsync([...argv]);
  } catch (error) {
    if (error instanceof commander.CommanderError) {
      // --help and --version end here too, with exit code 0.
      process.exitCode = error.exitCode === 0 ? EXIT.ok : EXIT.usage;
      return;
    }
    process.stderr.write(`stackc: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.stderr.write('This is a bug in stackc; please report it with the input that caused it.\n');
    process.exitCode = 70;
  }
}


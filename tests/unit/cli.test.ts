/**
 * The built CLI, run as users run it (`bin/stackc ...`, output to pipes, not a TTY), on a
 * few fixtures. Needs `npm run build`; skips with a message when dist/ is missing.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = path.join(ROOT, 'bin', 'stackc');
const BUILT = existsSync(path.join(ROOT, 'dist', 'stackc.cjs'));
const VERSION = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

const VALID = 'fixtures/02-flask-redis/compose.yaml'; // valid, one W0401 (version)
const CLEAN = 'fixtures/12-multi-file/compose.yaml'; // valid, no diagnostics
const CLEAN_TOO = 'fixtures/11-kitchen-sink/compose.yaml'; // valid, no diagnostics
const INVALID = 'fixtures/invalid/unknown-service-key/compose.yaml'; // E0102 at 4:5
const ANSI = /\u001b\[/;

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI from the repository root with colour left to TTY detection. */
function stackc(args: readonly string[], input?: string): Run {
  const env: NodeJS.ProcessEnv = { ...process.env };
  // The test runner may force colours on; the CLI must decide by itself that pipes get none.
  delete env.FORCE_COLOR;
  delete env.NO_COLOR;
  delete env.COMPOSE_FILE;
  delete env.COMPOSE_PROJECT_NAME;
  delete env.COMPOSE_PROFILES;
  const result = spawnSync(BIN, args, { cwd: ROOT, env, input: input ?? '', encoding: 'utf8', timeout: 30_000 });
  const run = { status: result.status, stdout: result.stdout, stderr: result.stderr };
  // Every run doubles as a check that piped output carries no colour codes.
  expect(run.stdout, `stdout of stackc ${args.join(' ')}`).not.toMatch(ANSI);
  expect(run.stderr, `stderr of stackc ${args.join(' ')}`).not.toMatch(ANSI);
  return run;
}

if (!BUILT) {
  // Visible in the run output, so a missing build is not mistaken for a pass.
  console.warn('cli.test.ts: dist/ is missing; run `npm run build` first. Skipping the CLI tests.');
}

describe.skipIf(!BUILT)('stackc CLI (built)', () => {
  describe('validate', () => {
    it('exits 0 on a valid fixture (warnings do not fail)', () => {
      const run = stackc(['validate', '-f', VALID]);
      expect(run.status, run.stderr).toBe(0);
      expect(run.stdout).toContain('W0401');
    });

    it('exits 1 on an invalid fixture and shows file:line:col', () => {
      const run = stackc(['validate', '-f', INVALID]);
      expect(run.status).toBe(1);
      expect(run.stdout).toContain('E0102');
      expect(run.stdout).toContain(`${INVALID}:4:5`);
    });

    it('--format json parses and carries code, line and col', () => {
      const run = stackc(['validate', '--format', 'json', '-f', INVALID]);
      expect(run.status).toBe(1);
      const list = JSON.parse(run.stdout) as { code: string; line: number; col: number; file: string; severity: string }[];
      expect(list).toEqual([expect.objectContaining({ code: 'E0102', line: 4, col: 5, file: INVALID, severity: 'error' })]);
    });

    it('--target swarm adds what deploy would report, at its positions, for the stack name given', () => {
      const names = 'fixtures/invalid/swarm-invalid-names/compose.yaml';
      expect(stackc(['validate', names]).status).toBe(0);
      const run = stackc(['validate', '--format', 'json', '--target', 'swarm', '--stack', 'shop', names]);
      expect(run.status).toBe(1);
      const list = JSON.parse(run.stdout) as { code: string; line: number; col: number; file: string }[];
      expect(list.map((d) => `${d.code} ${d.file}:${d.line}:${d.col}`)).toEqual([5, 9, 15].map((l) => `E0702 ${names}:${l}:3`).concat(`E0702 ${names}:19:11`));
      // The names are built from the stack name: a short one leaves the service name too long still.
      const short = JSON.parse(stackc(['validate', '--format', 'json', '--target', 'swarm', '--stack', 's', names]).stdout) as { line: number }[];
      expect(short.map((d) => d.line)).toEqual([5, 9, 19]);
    });

    it('--target engine adds the keys one host cannot honour (W0701)', () => {
      const run = stackc(['validate', '--format', 'json', '--target', 'engine', '-f', '-'], 'services:\n  web:\n    image: nginx:1.25\n    healthcheck:\n      test: ["CMD", "true"]\n      start_interval: 1s\n');
      expect(run.status).toBe(0);
      expect((JSON.parse(run.stdout) as { code: string; line: number }[]).map((d) => `${d.code}:${d.line}`)).toEqual(['W0701:6']);
    });

    it('--format github prints workflow commands', () => {
      const run = stackc(['validate', '--format', 'github', '-f', INVALID]);
      expect(run.status).toBe(1);
      expect(run.stdout).toMatch(new RegExp(`^::error file=${INVALID.replace(/[.]/g, '\\.')},line=4,col=5[,:]`, 'm'));
      expect(run.stdout).toMatch(/::[^\n]*enviroment/);
    });

    it('--format sarif is SARIF 2.1.0 with a region', () => {
      const run = stackc(['validate', '--format', 'sarif', '-f', INVALID]);
      expect(run.status).toBe(1);
      const sarif = JSON.parse(run.stdout) as {
        version: string;
        runs: { results: { ruleId: string; locations: { physicalLocation: { region?: { startLine: number; startColumn: number } } }[] }[] }[];
      };
      expect(sarif.version).toBe('2.1.0');
      const result = sarif.runs[0]!.results[0]!;
      expect(result.ruleId).toBe('E0102');
      expect(result.locations[0]!.physicalLocation.region).toMatchObject({ startLine: 4, startColumn: 5 });
    });

    it('--strict turns a warning into exit 1', () => {
      expect(stackc(['validate', '-f', VALID]).status).toBe(0);
      expect(stackc(['validate', '--strict', '-f', VALID]).status).toBe(1);
    });

    it('validates several files in one run, each as its own project', () => {
      const ok = stackc(['validate', CLEAN, CLEAN_TOO]);
      expect(ok.status, ok.stdout + ok.stderr).toBe(0);
      expect(ok.stdout).toMatch(/2 projects valid/);
      const bad = stackc(['validate', '--format', 'json', CLEAN, INVALID]);
      expect(bad.status).toBe(1);
      const list = JSON.parse(bad.stdout) as { code: string; file: string }[];
      expect(list.map((d) => `${d.code} ${d.file}`)).toEqual([`E0102 ${INVALID}`]);
    });

    it('reads the compose file from standard input with -f -', () => {
      const good = stackc(['validate', '-f', '-'], 'services:\n  web:\n    image: nginx:1.25\n');
      expect(good.status, good.stdout + good.stderr).toBe(0);
      const bad = stackc(['validate', '--format', 'json', '-f', '-'], 'services:\n  web:\n    image: nginx:1.25\n    prots: ["80:80"]\n');
      expect(bad.status).toBe(1);
      const list = JSON.parse(bad.stdout) as { code: string; line: number; col: number }[];
      expect(list).toEqual([expect.objectContaining({ code: 'E0102', line: 4, col: 5 })]);
    });
  });

  describe('config', () => {
    it('finishes quietly when its reader went away (stackc config | head -1)', async () => {
      const child = spawn(BIN, ['config', '-f', CLEAN_TOO], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
      // Closed before stackc writes a byte: its write fails with EPIPE.
      child.stdout.destroy();
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      expect(stderr).not.toMatch(/EPIPE|node:events|\n\s+at /);
      expect(code).toBe(0);
    });

    it('--services lists the service names', () => {
      const run = stackc(['config', '--services', '-f', 'fixtures/01-wordpress-mysql/compose.yaml']);
      expect(run.status, run.stderr).toBe(0);
      expect(run.stdout.trim().split('\n').sort()).toEqual(['db', 'wordpress']);
    });

    it('--format json prints the project as JSON', () => {
      const run = stackc(['config', '--format', 'json', '-f', 'fixtures/01-wordpress-mysql/compose.yaml']);
      expect(run.status, run.stderr).toBe(0);
      const doc = JSON.parse(run.stdout) as { name: string; services: Record<string, { image?: string }> };
      expect(doc.name).toBe('01-wordpress-mysql');
      expect(doc.services.db?.image).toBe('mysql:5.7');
    });

    it('prints what the golden file holds', () => {
      const run = stackc(['config', '-f', 'fixtures/01-wordpress-mysql/compose.yaml']);
      expect(run.status, run.stderr).toBe(0);
      expect(run.stderr).toContain('W0401');
      const golden = readFileSync(path.join(ROOT, 'fixtures/01-wordpress-mysql/expected/config.yaml'), 'utf8');
      expect(parse(run.stdout)).toEqual(parse(golden));
    });

    it('exits 1 and prints nothing on stdout for an invalid file', () => {
      const run = stackc(['config', '-f', INVALID]);
      expect(run.status).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr).toContain('E0102');
    });
  });

  it('schema prints the JSON schema', () => {
    const run = stackc(['schema']);
    expect(run.status).toBe(0);
    const schema = JSON.parse(run.stdout) as { properties?: Record<string, unknown> };
    expect(schema.properties).toHaveProperty('services');
  });

  it('completion bash prints a script that knows the commands', () => {
    const run = stackc(['completion', 'bash']);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('validate');
    expect(run.stdout).toContain('complete -F');
  });

  it('--version prints the package version', () => {
    const run = stackc(['--version']);
    expect(run.status).toBe(0);
    expect(run.stdout.trim()).toBe(VERSION);
  });

  it('bin/stackc keeps Node from loading NODE_EXTRA_CA_CERTS at start (it hands the path on), and runs through symlinks and from its folder', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'stackc-bin-'));
    try {
      const missing = path.join(dir, 'no-such-bundle.pem');
      const direct = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'stackc.cjs'), '--version'], { env: { ...process.env, NODE_EXTRA_CA_CERTS: missing }, encoding: 'utf8' });
      // Node itself reads the file before any of stackc runs, and says so when it cannot.
      expect(direct.stderr).toContain(missing);
      const link = path.join(dir, 'stackc');
      symlinkSync(BIN, link);
      const launched = spawnSync(link, ['--version'], { env: { ...process.env, NODE_EXTRA_CA_CERTS: missing }, encoding: 'utf8' });
      expect(launched.stderr).toBe('');
      expect(launched.stdout.trim()).toBe(VERSION);
      // A link to a link, and the script run by sh from its own folder.
      const chained = path.join(dir, 'stackc-again');
      symlinkSync(link, chained);
      expect(spawnSync(chained, ['--version'], { encoding: 'utf8' }).stdout.trim()).toBe(VERSION);
      expect(spawnSync('sh', ['stackc', '--version'], { cwd: path.join(ROOT, 'bin'), encoding: 'utf8' }).stdout.trim()).toBe(VERSION);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps one code cache per command and build, reuses it, replaces a bad one, and runs without one', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'stackc-cache-'));
    const withCache = (cacheHome: string) => {
      const result = spawnSync(BIN, ['validate', '-f', CLEAN], { cwd: ROOT, env: { ...process.env, XDG_CACHE_HOME: cacheHome }, encoding: 'utf8' });
      expect(result.stderr).toBe('');
      expect(result.stdout.trim()).toBe('valid');
      expect(result.status).toBe(0);
    };
    try {
      const folder = path.join(dir, 'stackc');
      const build = /\/\/# stackc-build=([0-9a-f]+)\s*$/.exec(readFileSync(path.join(ROOT, 'dist', 'stackc.cjs'), 'utf8'))![1];
      const cache = path.join(folder, `${build}-${process.version}-${process.arch}-validate.v8cache`);
      const otherBuild = path.join(folder, `0123456789abcdef-${process.version}-${process.arch}-validate.v8cache`);
      mkdirSync(folder);
      writeFileSync(otherBuild, 'stale');

      withCache(dir);
      expect(statSync(cache).size).toBeGreaterThan(10_000);
      expect(existsSync(otherBuild)).toBe(false);

      // Accepted: the second run leaves the file as it is (a rejected cache is written anew).
      const longAgo = new Date('2020-01-01T00:00:00Z');
      utimesSync(cache, longAgo, longAgo);
      withCache(dir);
      expect(statSync(cache).mtime).toEqual(longAgo);

      // V8 refuses bytes that are no cache; the run goes on and leaves a good one.
      writeFileSync(cache, Buffer.alloc(4096, 7));
      withCache(dir);
      expect(readFileSync(cache).equals(Buffer.alloc(4096, 7))).toBe(false);
      expect(statSync(cache).size).toBeGreaterThan(10_000);

      // Nowhere to write (the cache home is a file): the command still runs, silently.
      const blocked = path.join(dir, 'a-file');
      writeFileSync(blocked, '');
      withCache(blocked);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('an unknown command exits 2', () => {
    const run = stackc(['frobnicate']);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/unknown command/);
  });
});

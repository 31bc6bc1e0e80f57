/**
 * Private Docker engines for the e2e tests that need more than the shared engine: a multi-node
 * swarm, an engine behind TLS, a private registry that a worker pulls from.
 *
 * A `Lab` owns everything it makes, and `destroy()` takes all of it down again:
 * - a directory /tmp/stkc-lab-<slot> (engines' data/exec roots, sockets, logs, certificates);
 * - network namespaces `stkc<slot>-<name>`, one per engine, plus `stkc<slot>-sw` holding the bridge
 *   that joins them (so nothing is added to the root namespace: no bridge, no iptables rule, no
 *   route; the shared engine's docker0/iptables are never touched);
 * - processes it started (dockerd per engine, started through
 *   `nsenter --net=/var/run/netns/NS unshare --uts` so each node has its own hostname; a registry),
 *   stopped by PID only;
 * - cgroups under a parent of its own (`--cgroup-parent stkc<slot>-<name>`).
 *
 * Addresses come from 10.231.0.0/16, used only inside these namespaces: the bridge of slot k is
 * 10.231.k.0/24 (k < 32; .1 on the bridge, .2, .3, … for the nodes), node i of slot k gets
 * --bip 10.231.(32 + 4k + i).1/24, node-local networks come from 10.231.160.0/19 and swarm overlay
 * networks from 10.231.192.0/18 (both only ever inside a node's own namespace).
 *
 * A slot is claimed with an atomic mkdir; its lab.json records the owner (pid + start time), the
 * namespaces and the processes. A slot left behind by a killed test run (owner gone) is swept by
 * the next claim: its recorded processes (checked by start time and command line), the processes
 * inside its namespaces, its mounts, namespaces, cgroups and directory.
 *
 * Dependency-free (node: modules only) apart from types.
 */
import { spawn, spawnSync, type SpawnOptions } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readdirSync, rmSync, rmdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { docker, ensureEngine, BUSYBOX_IMAGE, type DockerResult } from './engine.js';
import { requireBuild, ROOT, run, type Run } from './harness.js';

const LAB_PREFIX = '/tmp/stkc-lab-';
const SLOTS = 32;
const NETNS_DIR = '/var/run/netns';
const BIN = path.join(ROOT, 'bin', 'stackc');

// ------------------------------------------------------------------------------------------------
// Whether labs can run here

function commandExists(name: string): boolean {
  return (process.env.PATH ?? '').split(path.delimiter).some((dir) => dir !== '' && existsSync(path.join(dir, name)));
}

/**
 * Why the lab tests cannot run here, or undefined when they can. With CI=true an unmet need throws
 * instead (CI must run them). `extra` names further commands a test needs.
 */
export async function labUnavailable(extra: readonly string[] = []): Promise<string | undefined> {
  const reason = await why(extra);
  if (reason && process.env.CI === 'true') throw new Error(`e2e lab (required when CI=true): ${reason}`);
  return reason;
}

async function why(extra: readonly string[]): Promise<string | undefined> {
  if (process.platform !== 'linux') return 'network namespaces need Linux';
  if (typeof process.getuid === 'function' && process.getuid() !== 0) {
    return 'starting private dockerds in network namespaces needs root (run the e2e tests as root)';
  }
  const missing = ['ip', 'nsenter', 'unshare', 'dockerd', 'docker', ...extra].filter((c) => !commandExists(c));
  if (missing.length) return `missing commands: ${missing.join(', ')} (scripts/engine.sh install/peers installs them)`;
  const engine = await ensureEngine();
  if ('skip' in engine) return `no shared engine to take ${BUSYBOX_IMAGE} from: ${engine.skip}`;
  return undefined;
}

// ------------------------------------------------------------------------------------------------
// Small process helpers

export interface Exec {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command to completion (never rejects for a non-zero exit). */
export function exec(cmd: string, args: readonly string[], options: { input?: string | Buffer; env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number } = {}): Promise<Exec> {
  return new Promise((resolve) => {
    const child = spawn(cmd, [...args], { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
    child.stdout!.on('data', (b: Buffer) => out.push(b));
    child.stderr!.on('data', (b: Buffer) => err.push(b));
    child.stdin!.on('error', () => {});
    child.stdin!.end(options.input ?? '');
    const done = (code: number, extra = '') => {
      clearTimeout(timer);
      resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') + extra });
    };
    child.on('error', (e) => done(127, e.message));
    child.on('close', (code, signal) => done(code ?? (signal ? 128 : 1)));
  });
}

/** Like exec, but throws with the command's stderr when it fails. */
async function must(cmd: string, args: readonly string[], options: Parameters<typeof exec>[2] = {}): Promise<string> {
  const r = await exec(cmd, args, options);
  if (r.code !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (exit ${r.code}): ${r.stderr.trim() || r.stdout.trim()}`);
  return r.stdout;
}

function syncOk(cmd: string, args: readonly string[]): boolean {
  return spawnSync(cmd, [...args], { stdio: 'ignore', timeout: 30_000 }).status === 0;
}

/** Start time of a process (clock ticks since boot, /proc/PID/stat field 22), undefined when gone. */
function startTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

function cmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
  } catch {
    return '';
  }
}

function alive(pid: number, start?: string): boolean {
  const s = startTime(pid);
  return s !== undefined && (start === undefined || s === start);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** TERM, a bounded wait, then KILL: only the one process given (checked by its start time). */
async function stopPid(pid: number, start: string | undefined, waitMs: number): Promise<void> {
  if (!alive(pid, start)) return;
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return;
  }
  const deadline = Date.now() + waitMs;
  while (alive(pid, start) && Date.now() < deadline) await sleep(100);
  if (alive(pid, start)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* gone */
    }
    const killDeadline = Date.now() + 5_000;
    while (alive(pid, start) && Date.now() < killDeadline) await sleep(50);
  }
}

function childrenOf(pid: number): number[] {
  const children: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) children.push(Number(entry));
    } catch {
      /* exited meanwhile */
    }
  }
  return children;
}

function killNow(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    /* gone */
  }
}

/** Mount points at or below `dir`, deepest first. */
function mountsUnder(dir: string): string[] {
  const mounts = readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .map((line) => line.split(' ')[4] ?? '')
    .map((m) => m.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8))))
    .filter((m) => m === dir || m.startsWith(`${dir}/`));
  return [...new Set(mounts)].sort((a, b) => b.length - a.length);
}

// ------------------------------------------------------------------------------------------------
// Lab state (lab.json) and the sweep of a lab whose owner is gone

interface ProcRecord {
  pid: number;
  start: string;
  what: string;
}

interface LabRecord {
  owner: { pid: number; start: string };
  netns: string[];
  procs: ProcRecord[];
  cgroups: string[];
}

function readRecord(dir: string): LabRecord | undefined {
  try {
    return JSON.parse(readFileSync(path.join(dir, 'lab.json'), 'utf8')) as LabRecord;
  } catch {
    return undefined;
  }
}

/** Tears down whatever a lab directory's record names. Collects problems instead of stopping at one. */
async function teardown(dir: string, record: LabRecord, problems: string[]): Promise<void> {
  const step = async (what: string, fn: () => Promise<void> | void) => {
    try {
      await fn();
    } catch (error) {
      problems.push(`${what}: ${(error as Error).message}`);
    }
  };
  // 1. Our processes, newest first (registry before the engines; dockerds stop their containers on
  //    TERM — the tests' services trap TERM, so this takes a second or two). All in parallel.
  await step('stop processes', async () => {
    await Promise.all(
      [...record.procs].reverse().map((p) => {
        // A recorded pid is ours only if it still is the same process (start time) running our command.
        if (!alive(p.pid, p.start) || !cmdline(p.pid).includes(dir)) return Promise.resolve();
        return stopPid(p.pid, p.start, p.what.startsWith('dockerd') ? 30_000 : 5_000);
      }),
    );
  });
  // 2. Anything still inside our namespaces is ours (nobody else can have entered them): a
  //    containerd that outlived a KILLed dockerd, containerd shims (their children, the containers'
  //    PID 1s, first), a stray registry.
  for (const ns of record.netns) {
    await step(`processes in netns ${ns}`, async () => {
      if (!existsSync(path.join(NETNS_DIR, ns))) return;
      for (let round = 0; round < 3; round++) {
        const r = await exec('ip', ['netns', 'pids', ns], { timeoutMs: 15_000 });
        const pids = r.stdout.split('\n').filter(Boolean).map(Number).filter((n) => n > 1 && n !== process.pid);
        if (!pids.length) return;
        for (const pid of pids) {
          if (cmdline(pid).includes('containerd-shim')) for (const child of childrenOf(pid)) killNow(child);
          killNow(pid);
        }
        await sleep(300);
      }
      const left = (await exec('ip', ['netns', 'pids', ns])).stdout.trim();
      if (left) throw new Error(`still running: ${left.split('\n').join(' ')}`);
    });
  }
  // 3. Mounts under the lab dir (overlay layers, netns bind mounts of sandboxes, secret tmpfs).
  await step('unmount', async () => {
    for (const m of mountsUnder(dir)) {
      if (!syncOk('umount', [m])) syncOk('umount', ['-l', m]);
    }
    const left = mountsUnder(dir);
    if (left.length) throw new Error(`still mounted: ${left.join(' ')}`);
  });
  // 4. Namespaces (their veths and the bridge go with them).
  for (const ns of record.netns) {
    await step(`delete netns ${ns}`, async () => {
      if (!existsSync(path.join(NETNS_DIR, ns))) return;
      await must('ip', ['netns', 'delete', ns], { timeoutMs: 15_000 });
    });
  }
  // 5. Our cgroup parents (empty once the containers are gone).
  await step('cgroups', () => {
    for (const name of record.cgroups) {
      // cgroup v1: one hierarchy per controller; v2: the unified root itself.
      for (const parent of ['', ...readdirSync('/sys/fs/cgroup')].map((controller) => path.join('/sys/fs/cgroup', controller, name))) {
        if (!existsSync(parent)) continue;
        for (const child of readdirSync(parent, { withFileTypes: true })) {
          if (child.isDirectory()) {
            try {
              rmdirSync(path.join(parent, child.name));
            } catch {
              /* reported below if the parent stays */
            }
          }
        }
        try {
          rmdirSync(parent);
        } catch (error) {
          problems.push(`cgroup ${parent}: ${(error as Error).message}`);
        }
      }
    }
  });
  // 6. The directory, only once nothing is mounted below it (rm must not descend into a mount).
  await step('remove dir', () => {
    if (mountsUnder(dir).length) throw new Error(`${dir} still has mounts; not removing it`);
    rmSync(dir, { recursive: true, force: true });
  });
}

/** Sweeps the lab at `dir` if its owner is gone. True when the slot is free afterwards. */
async function sweepIfStale(dir: string): Promise<boolean> {
  const record = readRecord(dir);
  if (record && alive(record.owner.pid, record.owner.start)) return false;
  if (!record) {
    // Being created right now (lab.json is written right after mkdir), or a crash in between:
    // only a dir older than a minute counts as stale.
    const age = Date.now() - Number(spawnSync('stat', ['-c', '%Y', dir]).stdout?.toString().trim() || Date.now() / 1000) * 1000;
    if (age < 60_000) return false;
  }
  // One sweeper per slot: whoever makes the lock dir does it.
  const lock = `${dir}.sweeping`;
  try {
    mkdirSync(lock);
  } catch {
    // A sweeper that died mid-way leaves its lock: ten minutes on, it is taken over.
    const age = Date.now() - Number(spawnSync('stat', ['-c', '%Y', lock]).stdout?.toString().trim() || Date.now() / 1000) * 1000;
    if (age < 600_000) return false;
  }
  const problems: string[] = [];
  try {
    await teardown(dir, record ?? { owner: { pid: 0, start: '' }, netns: [], procs: [], cgroups: [] }, problems);
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
  if (problems.length) process.stderr.write(`[e2e lab] sweeping stale ${dir}: ${problems.join('; ')}\n`);
  return !problems.length;
}

// ------------------------------------------------------------------------------------------------
// The lab

export interface LabEngine {
  /** Short name (`manager`, `worker`, `tls`). */
  readonly name: string;
  /** Node hostname (its own UTS namespace): `stkc<slot>-<name>`. */
  readonly hostname: string;
  readonly netns: string;
  readonly dir: string;
  /** `unix://…/docker.sock`: reachable from the root namespace (a unix socket is a file). */
  readonly dockerHost: string;
  /** The node's address on the lab bridge, when the lab has one. */
  readonly address?: string;
  readonly pid: number;
}

export interface EngineOptions {
  /** Join the lab bridge (addLink) with the next address. Default true when the lab has a bridge. */
  readonly bridged?: boolean;
  /** Further dockerd arguments (e.g. `-H tcp://127.0.0.1:PORT --tlsverify …`). */
  readonly args?: readonly string[];
}

export class Lab {
  readonly engines: LabEngine[] = [];
  private nextHost = 2;
  private engineCount = 0;
  private bridged = false;
  private readonly record: LabRecord;
  private readonly timings: string[] = [];

  private constructor(
    readonly slot: number,
    readonly dir: string,
  ) {
    this.record = { owner: { pid: process.pid, start: startTime(process.pid) ?? '' }, netns: [], procs: [], cgroups: [] };
    this.save();
  }

  /** Sweeps labs left by dead runs, then claims a free slot and makes its directory. */
  static async create(): Promise<Lab> {
    mkdirSync(NETNS_DIR, { recursive: true });
    for (let slot = 0; slot < SLOTS; slot++) {
      const dir = `${LAB_PREFIX}${slot}`;
      if (existsSync(dir)) await sweepIfStale(dir);
    }
    for (const slot of [...Array(SLOTS).keys()].sort(() => Math.random() - 0.5)) {
      // A namespace of this slot without a lab dir is a leftover we cannot attribute: skip the slot.
      if (readdirSync(NETNS_DIR).some((n) => n.startsWith(`stkc${slot}-`))) continue;
      try {
        mkdirSync(`${LAB_PREFIX}${slot}`); // atomic: one claimant wins
      } catch {
        continue;
      }
      return new Lab(slot, `${LAB_PREFIX}${slot}`);
    }
    throw new Error(`no free lab slot among ${SLOTS} (${LAB_PREFIX}N all in use by live test runs)`);
  }

  /** 10.231.<slot>.0/24, the bridge's subnet. */
  get subnet(): string {
    return `10.231.${this.slot}.0/24`;
  }

  /** The bridge's own address (where a lab-wide service like the registry listens). */
  get bridgeAddress(): string {
    return `10.231.${this.slot}.1`;
  }

  get switchNetns(): string {
    return `stkc${this.slot}-sw`;
  }

  /** What took how long, for the report. */
  timing(): string {
    return this.timings.join(', ');
  }

  mark(what: string, since: number): void {
    this.timings.push(`${what} ${((Date.now() - since) / 1000).toFixed(1)} s`);
  }

  private save(): void {
    writeFileSync(path.join(this.dir, 'lab.json'), JSON.stringify(this.record, null, 2));
  }

  private async addNetns(name: string): Promise<string> {
    const ns = `stkc${this.slot}-${name}`;
    await must('ip', ['netns', 'add', ns]);
    this.record.netns.push(ns);
    this.save();
    await must('ip', ['-n', ns, 'link', 'set', 'lo', 'up']);
    return ns;
  }

  /** The switch namespace with a bridge holding the lab's first address. */
  async addBridge(): Promise<void> {
    const sw = await this.addNetns('sw');
    await must('ip', ['-n', sw, 'link', 'add', 'br0', 'type', 'bridge']);
    await must('ip', ['-n', sw, 'addr', 'add', `${this.bridgeAddress}/24`, 'dev', 'br0']);
    await must('ip', ['-n', sw, 'link', 'set', 'br0', 'up']);
    this.bridged = true;
  }

  /** A veth from `ns` (eth0, next address) to the bridge. */
  private async link(ns: string, index: number): Promise<string> {
    const address = `10.231.${this.slot}.${this.nextHost++}`;
    const port = `p${index}`;
    await must('ip', ['link', 'add', port, 'netns', this.switchNetns, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', ns]);
    await must('ip', ['-n', this.switchNetns, 'link', 'set', port, 'master', 'br0', 'up']);
    await must('ip', ['-n', ns, 'addr', 'add', `${address}/24`, 'dev', 'eth0']);
    await must('ip', ['-n', ns, 'link', 'set', 'eth0', 'up']);
    return address;
  }

  /** Records a process we started, so destroy (or a later sweep) stops exactly it. */
  private track(pid: number, what: string): void {
    this.record.procs.push({ pid, start: startTime(pid) ?? '', what });
    this.save();
  }

  /**
   * Starts a process in `ns`, detached, output to `log`; returns its pid (nsenter and unshare
   * exec, so the pid is the program's own).
   */
  spawnIn(ns: string, argv: readonly string[], log: string, what: string, options: SpawnOptions = {}): number {
    const fd = openSync(log, 'a');
    try {
      const child = spawn('nsenter', [`--net=${path.join(NETNS_DIR, ns)}`, '--', ...argv], { ...options, detached: true, stdio: ['ignore', fd, fd] });
      if (child.pid === undefined) throw new Error(`could not start ${argv[0]}`);
      child.unref();
      child.on('error', () => {});
      this.track(child.pid, what);
      return child.pid;
    } finally {
      closeSync(fd);
    }
  }

  /** Runs a command in one of the lab's namespaces (e.g. a client that must reach 127.0.0.1 there). */
  execIn(ns: string, cmd: string, args: readonly string[], options: Parameters<typeof exec>[2] = {}): Promise<Exec> {
    return exec('nsenter', [`--net=${path.join(NETNS_DIR, ns)}`, '--', cmd, ...args], options);
  }

  /**
   * A dockerd in a namespace of its own: own data/exec root, pidfile, unix socket, daemon.json
   * (own engine key), hostname, --bip and cgroup parent; insecure (http) registries allowed on the
   * lab subnet. Resolves once the socket answers.
   */
  async startEngine(name: string, options: EngineOptions = {}): Promise<LabEngine> {
    const index = this.engineCount++; // taken before any await: engines may start in parallel
    const ns = await this.addNetns(name);
    const address = options.bridged ?? this.bridged ? await this.link(ns, index) : undefined;
    const dir = path.join(this.dir, name);
    mkdirSync(dir, { recursive: true });
    const hostname = `stkc${this.slot}-${name}`;
    const socket = path.join(dir, 'docker.sock');
    writeFileSync(path.join(dir, 'daemon.json'), JSON.stringify({ 'deprecated-key-path': path.join(dir, 'key.json') }));
    const cgroup = `stkc${this.slot}-${name}`;
    this.record.cgroups.push(cgroup);
    const iptables = (await this.execIn(ns, 'iptables', ['-t', 'nat', '-S'])).code === 0 ? '--iptables=true' : '--iptables=false';
    const args = [
      'unshare', '--uts', 'sh', '-c', 'hostname "$0" && exec "$@"', hostname,
      'dockerd',
      '--config-file', path.join(dir, 'daemon.json'),
      '--data-root', path.join(dir, 'data'),
      '--exec-root', path.join(dir, 'exec'),
      '--pidfile', path.join(dir, 'dockerd.pid'),
      '-H', `unix://${socket}`,
      '--bip', `10.231.${32 + 4 * this.slot + index}.1/24`,
      '--default-address-pool', 'base=10.231.160.0/19,size=24',
      '--insecure-registry', this.subnet,
      '--storage-driver', await storageDriver(),
      '--exec-opt', 'native.cgroupdriver=cgroupfs',
      '--cgroup-parent', cgroup,
      '--containerd-namespace', `stkc${this.slot}-${name}`,
      '--containerd-plugins-namespace', `stkc${this.slot}-${name}-plugins`,
      iptables,
      '--log-level', 'warn',
      ...(options.args ?? []),
    ];
    const pid = this.spawnIn(ns, args, path.join(dir, 'dockerd.log'), `dockerd ${name}`);
    const engine: LabEngine = { name, hostname, netns: ns, dir, dockerHost: `unix://${socket}`, pid, ...(address ? { address } : {}) };
    this.engines.push(engine);
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (existsSync(socket) && (await docker(['version', '--format', '{{.Server.Version}}'], engine.dockerHost, { timeoutMs: 10_000 })).code === 0) break;
      if (!alive(pid) || Date.now() > deadline) {
        const log = readFileSync(path.join(dir, 'dockerd.log'), 'utf8').split('\n').slice(-20).join('\n');
        throw new Error(`dockerd ${name} ${alive(pid) ? 'did not answer within 60 s' : 'exited'}; last lines of its log:\n${log}`);
      }
      await sleep(100);
    }
    return engine;
  }

  /** `docker save` of the shared engine's test image once, then `docker load` into each engine. */
  async loadTestImage(engines: readonly LabEngine[]): Promise<void> {
    const source = await ensureEngine();
    if ('skip' in source) throw new Error(`no shared engine: ${source.skip}`);
    const tar = path.join(this.dir, 'busybox.tar');
    if (!existsSync(tar)) {
      const saved = await docker(['save', '-o', tar, BUSYBOX_IMAGE], source.dockerHost);
      if (saved.code !== 0) throw new Error(`docker save ${BUSYBOX_IMAGE}: ${saved.stderr.trim()}`);
    }
    await Promise.all(
      engines.map(async (e) => {
        const loaded = await docker(['load', '-q', '-i', tar], e.dockerHost);
        if (loaded.code !== 0) throw new Error(`docker load into ${e.name}: ${loaded.stderr.trim()}`);
      }),
    );
  }

  /** Stops everything the lab started and removes what it made. Throws listing what could not be undone. */
  async destroy(): Promise<void> {
    const problems: string[] = [];
    await teardown(this.dir, this.record, problems);
    if (problems.length) throw new Error(`lab ${this.dir} cleanup: ${problems.join('; ')}`);
  }
}

let driver: Promise<string> | undefined;

/** The shared engine's storage driver (same /tmp filesystem), else vfs. */
function storageDriver(): Promise<string> {
  driver ??= (async () => {
    const source = await ensureEngine();
    if ('skip' in source) return 'vfs';
    const r = await docker(['info', '--format', '{{.Driver}}'], source.dockerHost);
    return r.code === 0 && /^(overlay2|vfs)$/.test(r.stdout.trim()) ? r.stdout.trim() : 'vfs';
  })();
  return driver;
}

// ------------------------------------------------------------------------------------------------
// A two-node swarm

export interface Cluster {
  readonly lab: Lab;
  readonly manager: LabEngine;
  readonly worker: LabEngine;
  readonly managerId: string;
  readonly workerId: string;
}

/**
 * A manager and a worker, each a dockerd in its own namespace joined by the lab bridge; swarm
 * initialized on the manager (advertising its bridge address), the worker joined and labelled
 * `zone=b`. `loadImageInto` says which nodes get the busybox test image.
 */
export async function startCluster(lab: Lab, { loadImageInto = ['manager', 'worker'] }: { loadImageInto?: readonly ('manager' | 'worker')[] } = {}): Promise<Cluster> {
  let t = Date.now();
  await lab.addBridge();
  const [manager, worker] = await Promise.all([lab.startEngine('manager'), lab.startEngine('worker')]);
  lab.mark('2 dockerds', t);
  t = Date.now();
  const dk = async (engine: LabEngine, args: string[]): Promise<string> => {
    const r: DockerResult = await docker(args, engine.dockerHost);
    if (r.code !== 0) throw new Error(`docker ${args.join(' ')} on ${engine.name}: ${r.stderr.trim()}`);
    return r.stdout.trim();
  };
  await dk(manager, ['swarm', 'init', '--advertise-addr', manager.address!, '--listen-addr', `${manager.address}:2377`, '--default-addr-pool', '10.231.192.0/18']);
  const token = await dk(manager, ['swarm', 'join-token', '-q', 'worker']);
  const imageLoad = lab.loadTestImage(loadImageInto.map((n) => (n === 'manager' ? manager : worker)));
  await dk(worker, ['swarm', 'join', '--token', token, '--advertise-addr', worker.address!, '--listen-addr', `${worker.address}:2377`, `${manager.address}:2377`]);
  const managerId = await dk(manager, ['info', '--format', '{{.Swarm.NodeID}}']);
  const workerId = await dk(worker, ['info', '--format', '{{.Swarm.NodeID}}']);
  // The manager sees the worker Ready shortly after the join.
  const deadline = Date.now() + 30_000;
  while ((await dk(manager, ['node', 'inspect', workerId, '--format', '{{.Status.State}}'])) !== 'ready') {
    if (Date.now() > deadline) throw new Error('the worker did not become ready within 30 s');
    await sleep(200);
  }
  await dk(manager, ['node', 'update', '--label-add', 'zone=b', workerId]);
  await imageLoad;
  lab.mark('swarm init + join + label + image', t);
  return { lab, manager, worker, managerId, workerId };
}

// ------------------------------------------------------------------------------------------------
// A private registry

export interface Registry {
  /** `host:port`, the registry part of image references. */
  readonly address: string;
  readonly pid: number;
}

/**
 * Debian's `docker-registry serve` with htpasswd auth (file made by `htpasswd -Bbn`), listening on
 * the lab bridge's address in the switch namespace, so every node can reach it (the nodes allow it
 * as an insecure registry: plain http on the lab subnet). Stopped by `lab.destroy()`, by PID.
 */
export async function startRegistry(lab: Lab, { user, password }: { user: string; password: string }): Promise<Registry> {
  const dir = path.join(lab.dir, 'registry');
  mkdirSync(path.join(dir, 'data'), { recursive: true });
  writeFileSync(path.join(dir, 'htpasswd'), await must('htpasswd', ['-Bbn', user, password]));
  // The switch namespace is ours and fresh: nothing else listens there, any port is free.
  const port = 5000 + Math.floor(Math.random() * 1000);
  const address = `${lab.bridgeAddress}:${port}`;
  writeFileSync(
    path.join(dir, 'config.yml'),
    [
      'version: 0.1',
      'log:',
      '  level: warn',
      'storage:',
      '  filesystem:',
      `    rootdirectory: ${path.join(dir, 'data')}`,
      'http:',
      `  addr: ${address}`,
      // Avoids the "No HTTP secret provided" warning; any value does for one instance.
      `  secret: stackc-e2e-${lab.slot}`,
      'auth:',
      '  htpasswd:',
      '    realm: stackc-e2e',
      `    path: ${path.join(dir, 'htpasswd')}`,
      '',
    ].join('\n'),
  );
  const pid = lab.spawnIn(lab.switchNetns, ['docker-registry', 'serve', path.join(dir, 'config.yml')], path.join(dir, 'registry.log'), 'registry');
  const deadline = Date.now() + 30_000;
  for (;;) {
    const probe = await lab.execIn(lab.switchNetns, 'bash', ['-c', `exec 3<>/dev/tcp/${lab.bridgeAddress}/${port}`], { timeoutMs: 5_000 });
    if (probe.code === 0) break;
    if (!alive(pid) || Date.now() > deadline) {
      const log = readFileSync(path.join(dir, 'registry.log'), 'utf8').split('\n').slice(-20).join('\n');
      throw new Error(`docker-registry ${alive(pid) ? 'did not listen on ' + address + ' within 30 s' : 'exited'}; its log:\n${log}`);
    }
    await sleep(100);
  }
  return { address, pid };
}

// ------------------------------------------------------------------------------------------------
// Running the CLI

/** `stackc ARGS` with exactly the environment given for the engine (no inherited DOCKER_* vars). */
export function stackcWith(args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv; netns?: string }): Promise<Run> {
  requireBuild();
  const env: NodeJS.ProcessEnv = {
    DOCKER_HOST: undefined,
    DOCKER_CONTEXT: undefined,
    DOCKER_TLS_VERIFY: undefined,
    DOCKER_CERT_PATH: undefined,
    DOCKER_CONFIG: undefined,
    ...options.env,
  };
  return options.netns
    ? run('nsenter', [`--net=${path.join(NETNS_DIR, options.netns)}`, '--', BIN, ...args], { cwd: options.cwd, env })
    : run(BIN, args, { cwd: options.cwd, env });
}

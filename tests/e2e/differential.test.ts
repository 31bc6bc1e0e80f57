/**
 * Differential test: each fixture deployed by `docker stack deploy` (stack A) and by `stackc
 * deploy` (stack B) on the same swarm; the services' `.Spec` (and the networks', secrets' and
 * configs' inspect output) must agree after normalizing what is legitimately per-stack, except
 * where tests/e2e/differential-allowlist.ts documents a deliberate difference.
 *
 * Both tools deploy the same scratch copy of the fixture:
 * - every service runs the local busybox image with a TERM-trapping sleep as its entrypoint (the
 *   file's `command:` stays, as the sleep's ignored positional arguments, so its lowering is still
 *   compared); nothing else of the service changes;
 * - published ports are moved up by 40000 (80 → 40080): the fixtures publish common ports other
 *   e2e files use on the same engine at the same time. A and B get the same numbers; they run one
 *   after the other (A is removed before B is deployed), since two services cannot publish the
 *   same ingress port;
 * - the allow-list's INPUT_EDITS, where docker's v3 parser refuses something the fixture uses;
 * - the variables of the fixture's .env and env.json are in both tools' environment (docker stack
 *   deploy does not read .env, stackc does: a documented difference, not one to compare here).
 *
 * Beyond the fixtures, two inline cases reach documented differences no fixture does
 * (`restart: "no"`, a config without target, the `tmpfs:` list; a `driver: bridge` network, which
 * docker stack deploy cannot deploy services on: there only the networks are compared). Fixtures
 * docker refuses even after the edits (DOCKER_REFUSES) must still be refused with the listed error,
 * and stackc must deploy them.
 *
 * Normalization (not differences): `<A>_`/`<B>_` name prefixes and namespace label values become
 * `<stack>`; stackc's content-addressed secret/config names lose their `_<hash10>` suffix; secret,
 * config and network IDs become the (normalized) names they point to; stackc's
 * `dev.stackc.spec-hash` label is dropped (after checking it is there); null, {} and [] count as
 * absent; engine-assigned overlay VXLAN IDs and default-pool subnets are masked.
 *
 * Each case logs the allowed differences it met (a report at the end of the file). STACKC_DIFF_ONLY=04,x-
 * limits the run to the cases with those name prefixes; STACKC_DIFF_DUMP=DIR writes the normalized
 * snapshots there.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isMap, isScalar, isSeq, parseDocument, type YAMLMap } from 'yaml';
import {
  DOCKER_REFUSES,
  INPUT_EDITS,
  NETWORK_DIFFERENCES,
  OBJECT_DIFFERENCES,
  SERVICE_DIFFERENCES,
  type AllowedDifference,
} from './differential-allowlist.js';
import { ensureSwarm, suiteEngine } from './engine.js';
import { BUSYBOX, removeScratch, scratch, stackc, type Run } from './harness.js';
import { fixtureEnv as envJson, fixtureFiles, FIXTURES } from '../support/fixtures.js';

const { skip, dockerHost, docker: engineDocker } = await suiteEngine();
if (skip) console.warn(`e2e differential: skipped: ${skip}`);

const SLEEP = "trap 'exit 0' TERM; sleep 3600 & wait";
const PORT_SHIFT = 40_000;
const SPEC_HASH_LABEL = 'dev.stackc.spec-hash';
const NAMESPACE = 'com.docker.stack.namespace';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const lines = (r: Run) => r.stdout.split('\n').map((l) => l.trim()).filter(Boolean);

/** The compose files of a fixture (main + override), relative to `dir`, as stackc finds them. */
function composeFiles(dir: string): string[] {
  return fixtureFiles(dir).map((f) => path.relative(dir, f));
}

/** The fixtures that lower for swarm without errors (their golden swarm.json has a desired state). */
function swarmFixtures(): string[] {
  const only = (process.env.STACKC_DIFF_ONLY ?? '').split(',').filter(Boolean);
  const dirs = existsSync(FIXTURES) ? readdirSync(FIXTURES, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name) : [];
  return dirs
    .filter((name) => name !== 'invalid' && composeFiles(path.join(FIXTURES, name)).length > 0)
    .filter((name) => {
      const golden = path.join(FIXTURES, name, 'expected', 'swarm.json');
      if (!existsSync(golden)) return false;
      const parsed = JSON.parse(readFileSync(golden, 'utf8')) as { desired?: unknown; diagnostics?: { code: string }[] };
      return parsed.desired !== undefined && !(parsed.diagnostics ?? []).some((d) => d.code.startsWith('E'));
    })
    .filter((name) => !only.length || only.some((o) => name.startsWith(o)))
    .sort();
}

/** KEY=VALUE lines of a .env file (comments and blank lines skipped, simple quotes removed). */
function readDotEnv(file: string): Record<string, string> {
  if (!existsSync(file)) return {};
  const out: Record<string, string> = {};
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (!m || line.trim().startsWith('#')) continue;
    out[m[1]!] = m[2]!.replace(/^(['"])(.*)\1$/, '$2');
  }
  return out;
}

/** The variables both tools see: the fixture's env.json (standing for the process env) and its .env. */
function fixtureEnv(dir: string): Record<string, string> {
  return { ...readDotEnv(path.join(dir, '.env')), ...envJson(dir) };
}

const shiftPort = (p: string) => (/^\d+$/.test(p) && Number(p) > 0 && Number(p) + PORT_SHIFT < 65_536 ? String(Number(p) + PORT_SHIFT) : p);
const shiftRange = (r: string) => r.split('-').map(shiftPort).join('-');

/** `[ip:]published:target[/proto]` with the published part (a port or a range) shifted. */
function shiftShortPort(spec: string): string {
  let rest = spec;
  let ip = '';
  const bracket = /^(\[[^\]]*\]:)(.*)$/.exec(rest);
  if (bracket) {
    ip = bracket[1]!;
    rest = bracket[2]!;
  } else if (rest.split(':').length === 3) {
    ip = rest.slice(0, rest.indexOf(':') + 1);
    rest = rest.slice(ip.length);
  }
  const parts = rest.split(':');
  if (parts.length !== 2 || parts[0] === '') return spec; // only a target: swarm picks the port
  return `${ip}${shiftRange(parts[0]!)}:${parts[1]}`;
}

interface Prepared {
  readonly dir: string;
  readonly files: string[];
  readonly env: Record<string, string>;
  readonly edits: string[];
  /** Names of external volumes the file mounts (tasks create them on first use). */
  readonly externalVolumes: string[];
}

/**
 * A case: a fixture (copied, INPUT_EDITS applied), or an inline project written for both tools
 * (docker-compatible as it stands) that exercises a documented difference no fixture reaches.
 */
interface Case {
  readonly name: string;
  readonly fixture?: string;
  readonly files?: Readonly<Record<string, string>>;
}

const SERVICE = (extra: string) => `    image: ${BUSYBOX}\n${extra}`;

const EXTRA_CASES: readonly Case[] = [
  {
    // restart: "no", a config without target, the tmpfs: list, unsorted ports/constraints/hosts.
    name: 'x-deliberate',
    files: {
      'app.conf': 'setting=1\n',
      'other.conf': 'other=2\n',
      'compose.yaml': `version: "3.8"
services:
  norestart:
${SERVICE(`    restart: "no"
    configs:
      - app_conf
      - source: other_conf
        target: /etc/other.conf
    tmpfs:
      - /run
      - /tmp:size=1m
    ports:
      - "9001:80"
      - "9000:81"
    deploy:
      placement:
        constraints: [node.role == manager, node.platform.os == linux]
`)}  onfailure:
${SERVICE(`    restart: on-failure
    healthcheck:
      disable: true
    extra_hosts:
      - "zeta.internal:10.0.0.9"
      - "alpha.internal:10.0.0.8"
    volumes:
      - ./app.conf:/srv/app.conf:ro
      - type: tmpfs
        target: /cache
        tmpfs:
          size: 1048576
`)}configs:
  app_conf:
    file: ./app.conf
  other_conf:
    file: ./other.conf
`,
    },
  },
  {
    // docker creates the bridge network local-scoped, then fails on the service.
    name: 'x-bridge-network',
    files: {
      'compose.yaml': `version: "3.8"
services:
  app:
${SERVICE('    networks: [local]\n')}networks:
  local:
    driver: bridge
    labels:
      com.example.purpose: local
`,
    },
  },
];

/** A scratch copy of the case both tools deploy (see the header). */
function prepare(c: Case): Prepared {
  const dir = scratch(c.files ?? {});
  if (c.fixture) cpSync(path.join(FIXTURES, c.fixture), dir, { recursive: true });
  const files = composeFiles(dir);
  const env = c.fixture ? fixtureEnv(dir) : {};
  const edits = new Set<string>();
  const externalVolumes: string[] = [];
  for (const [index, file] of files.entries()) {
    const full = path.join(dir, file);
    const doc = parseDocument(readFileSync(full, 'utf8'));
    for (const edit of c.fixture ? INPUT_EDITS : []) {
      if (edit.apply(doc, { write: (name, text) => writeFileSync(path.join(dir, name), text), env })) edits.add(edit.name);
    }
    const svcs = doc.get('services');
    if (isMap(svcs)) {
      for (const item of svcs.items) {
        const svc = item.value;
        if (!isMap(svc)) continue;
        // The main file names every service's image; an override only those it already sets.
        if (index === 0 || svc.has('image') || svc.has('build')) {
          svc.set('image', BUSYBOX);
          svc.set('entrypoint', doc.createNode(['sh', '-c', SLEEP, 'sh']));
        }
        shiftPorts(svc, doc);
      }
    }
    const volumes = doc.get('volumes');
    if (isMap(volumes)) {
      for (const item of volumes.items) {
        const v = item.value;
        if (isMap(v) && v.get('external')) externalVolumes.push(String(v.get('name') ?? (isScalar(item.key) ? item.key.value : item.key)));
      }
    }
    writeFileSync(full, doc.toString());
  }
  return { dir, files: files.map((f) => path.join(dir, f)), env, edits: [...edits], externalVolumes };
}

function shiftPorts(svc: YAMLMap, doc: ReturnType<typeof parseDocument>): void {
  const ports = svc.get('ports');
  if (!isSeq(ports)) return;
  ports.items = ports.items.map((p) => {
    if (isScalar(p)) {
      const node = doc.createNode(shiftShortPort(String(p.value)));
      node.type = 'QUOTE_DOUBLE'; // "40080:80" unquoted is a base-60 number to YAML 1.1 parsers
      return node;
    }
    if (isMap(p) && p.has('published')) {
      const published = p.get('published');
      p.set('published', typeof published === 'number' ? Number(shiftPort(String(published))) : shiftRange(String(published)));
    }
    return p;
  });
}

// ---------------------------------------------------------------------------------------------
// Snapshots and normalization

interface Snapshot {
  readonly services: Map<string, Json>;
  readonly networks: Map<string, Json>;
  readonly secrets: Map<string, Json>;
  readonly configs: Map<string, Json>;
}

/** Deep copy with every string naming an object of `stack` rewritten to `<stack>…`. */
function renameStack(value: unknown, stack: string): unknown {
  if (typeof value === 'string') {
    if (value === stack) return '<stack>';
    return value.startsWith(`${stack}_`) ? `<stack>_${value.slice(stack.length + 1)}` : value;
  }
  if (Array.isArray(value)) return value.map((v) => renameStack(v, stack));
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [renameStack(k, stack) as string, renameStack(v, stack)]));
  return value;
}

/** stackc's content-addressed names: `<stack>_<key>_<hash10>` → `<stack>_<key>`. */
const unversioned = (name: string) => name.replace(/^(<stack>_.+)_[0-9a-f]{10}$/, '$1');

/**
 * null, {} and [] are absent: the engine returns either, depending on what was sent. Except a
 * service mode: `Mode: {Global: {}}` is the whole setting.
 */
function pruneEmpty(value: unknown, key = ''): unknown {
  if (Array.isArray(value)) return value.map((v) => pruneEmpty(v));
  if (!isObject(value)) return value;
  const out: Json = {};
  for (const [k, v] of Object.entries(value)) {
    const p = pruneEmpty(v, k);
    if (p === null || p === undefined) continue;
    if (Array.isArray(p) && p.length === 0) continue;
    if (isObject(p) && Object.keys(p).length === 0 && key !== 'Mode') continue;
    out[k] = p;
  }
  return out;
}

const DEFAULT_POOL_SUBNET = /^10\.\d+\.\d+\.0\/24$/;
const DEFAULT_POOL_GATEWAY = /^10\.\d+\.\d+\.1$/;

async function snapshot(stack: string, tool: 'docker' | 'stackc', docker: (args: string[]) => Promise<Run>, problems: string[]): Promise<Snapshot> {
  const label = `label=${NAMESPACE}=${stack}`;
  const inspect = async (kind: string): Promise<Json[]> => {
    const ids = lines(await docker([kind, 'ls', '-q', '--filter', label]));
    if (!ids.length) return [];
    const r = await docker([kind, 'inspect', ...ids]);
    if (r.code !== 0) throw new Error(`docker ${kind} inspect: ${r.stderr}`);
    return JSON.parse(r.stdout) as Json[];
  };
  const [services, networks, secrets, configs] = await Promise.all([inspect('service'), inspect('network'), inspect('secret'), inspect('config')]);
  // IDs → names, for every network/secret/config (external ones included).
  // Swarm object IDs are never truncated by secret/config ls; network ls needs --no-trunc.
  const idNames = async (kind: string) =>
    new Map(lines(await docker([kind, 'ls', ...(kind === 'network' ? ['--no-trunc'] : []), '--format', '{{.ID}} {{.Name}}'])).map((l) => l.split(' ') as [string, string]));
  const [networkNames, secretNames, configNames] = await Promise.all([idNames('network'), idNames('secret'), idNames('config')]);
  const objectName = (name: string) => {
    const n = renameStack(name, stack) as string;
    return tool === 'stackc' ? unversioned(n) : n;
  };

  const out: Snapshot = { services: new Map(), networks: new Map(), secrets: new Map(), configs: new Map() };
  for (const s of services) {
    const spec = structuredClone(s.Spec) as Json;
    const labels = (spec.Labels ?? {}) as Record<string, string>;
    if (tool === 'stackc') {
      if (!/^[0-9a-f]{64}$/.test(labels[SPEC_HASH_LABEL] ?? '')) problems.push(`${String(spec.Name)}: no ${SPEC_HASH_LABEL} label`);
      delete labels[SPEC_HASH_LABEL];
    }
    const task = (spec.TaskTemplate ?? {}) as Json;
    if (Array.isArray(task.Networks)) {
      for (const n of task.Networks as Json[]) n.Target = networkNames.get(String(n.Target)) ?? `<unknown network ${String(n.Target)}>`;
    }
    const container = (task.ContainerSpec ?? {}) as Json;
    for (const [list, idKey, nameKey, names] of [
      ['Secrets', 'SecretID', 'SecretName', secretNames],
      ['Configs', 'ConfigID', 'ConfigName', configNames],
    ] as const) {
      if (!Array.isArray(container[list])) continue;
      for (const ref of container[list] as Json[]) {
        const byId = names.get(String(ref[idKey]));
        ref[idKey] = byId === undefined ? `<unknown id ${String(ref[idKey])}>` : `<id of ${objectName(byId)}>`;
        ref[nameKey] = objectName(String(ref[nameKey]));
      }
    }
    const normalized = pruneEmpty(renameStack(spec, stack)) as Json;
    out.services.set(String(normalized.Name), normalized);
  }
  for (const n of networks) {
    const options = { ...((n.Options ?? {}) as Record<string, string>) };
    if ('com.docker.network.driver.overlay.vxlanid_list' in options) options['com.docker.network.driver.overlay.vxlanid_list'] = '<engine-assigned>';
    const ipam = structuredClone((n.IPAM ?? {}) as Json);
    if (Array.isArray(ipam.Config)) {
      for (const c of ipam.Config as Json[]) {
        if (typeof c.Subnet === 'string' && DEFAULT_POOL_SUBNET.test(c.Subnet)) c.Subnet = '<default pool>';
        if (typeof c.Gateway === 'string' && DEFAULT_POOL_GATEWAY.test(c.Gateway)) c.Gateway = '<default pool>';
      }
    }
    const picked = { Name: n.Name, Driver: n.Driver, Scope: n.Scope, Internal: n.Internal, Attachable: n.Attachable, Ingress: n.Ingress, EnableIPv6: n.EnableIPv6, IPAM: ipam, Options: options, Labels: n.Labels };
    const normalized = pruneEmpty(renameStack(picked, stack)) as Json;
    out.networks.set(String(normalized.Name), normalized);
  }
  for (const [list, target] of [
    [secrets, out.secrets],
    [configs, out.configs],
  ] as const) {
    for (const o of list) {
      const spec = structuredClone(o.Spec) as Json;
      delete spec.Data; // configs show their data; secrets never do. Same content either way (same file).
      spec.Name = objectName(String(spec.Name));
      const normalized = pruneEmpty(renameStack(spec, stack)) as Json;
      target.set(String(normalized.Name), normalized);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Comparison

interface Difference {
  readonly path: string;
  readonly docker: unknown;
  readonly stackc: unknown;
}

const canonical = (v: unknown): string => JSON.stringify(v, (_k, val: unknown) => (isObject(val) ? Object.fromEntries(Object.keys(val).sort().map((k) => [k, val[k]])) : val));

/** How many leading segments of the path `pattern` matches (it covers everything under them), or -1. */
function matchedLength(pattern: string, pathSegments: readonly string[]): number {
  const parts = pattern.split('.');
  const walk = (i: number, j: number): number => {
    if (i === parts.length) return j;
    if (parts[i] === '**') {
      const here = walk(i + 1, j);
      return here >= 0 ? here : j < pathSegments.length ? walk(i, j + 1) : -1;
    }
    if (j === pathSegments.length) return -1;
    return parts[i] === '*' || parts[i] === pathSegments[j] ? walk(i + 1, j + 1) : -1;
  };
  return walk(0, 0);
}

const matches = (pattern: string, pathSegments: readonly string[]) => matchedLength(pattern, pathSegments) >= 0;

function valueAt(root: unknown, segments: readonly string[]): unknown {
  return segments.reduce<unknown>((node, key) => (Array.isArray(node) ? node[Number(key)] : isObject(node) ? node[key] : undefined), root);
}

const applies = (entry: AllowedDifference, fixture: string) => !entry.fixtures || entry.fixtures.includes(fixture);

/** Sorts, in both values, the arrays an `order` entry covers when they hold the same elements. */
function applyOrderEntries(a: unknown, b: unknown, entries: readonly AllowedDifference[], used: Set<AllowedDifference>, at: string[] = []): void {
  if (Array.isArray(a) && Array.isArray(b)) {
    const entry = entries.find((e) => e.order && matches(e.path, at) && e.path.split('.').length === at.length);
    if (entry) {
      const sa = a.map(canonical);
      const sb = b.map(canonical);
      if (canonical(sa) !== canonical(sb) && canonical([...sa].sort()) === canonical([...sb].sort())) {
        const byKey = (x: unknown, y: unknown) => (canonical(x) < canonical(y) ? -1 : canonical(x) > canonical(y) ? 1 : 0);
        a.sort(byKey);
        b.sort(byKey);
        used.add(entry);
      }
    }
    a.forEach((v, i) => applyOrderEntries(v, b[i], entries, used, [...at, String(i)]));
    return;
  }
  if (isObject(a) && isObject(b)) for (const k of Object.keys(a)) if (k in b) applyOrderEntries(a[k], b[k], entries, used, [...at, k]);
}

function differences(a: unknown, b: unknown, at: string[] = []): Difference[] {
  if (isObject(a) && isObject(b)) {
    return [...new Set([...Object.keys(a), ...Object.keys(b)])].sort().flatMap((k) => differences(a[k], b[k], [...at, k]));
  }
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) return a.flatMap((v, i) => differences(v, b[i], [...at, String(i)]));
  return canonical(a) === canonical(b) ? [] : [{ path: at.join('.'), docker: a, stackc: b }];
}

interface Verdict {
  readonly allowed: { difference: Difference; entry: AllowedDifference }[];
  /** `order` entries that made two arrays equal. */
  readonly reordered: AllowedDifference[];
  readonly unexpected: Difference[];
}

function compare(docker: Json | undefined, stackc: Json | undefined, entries: readonly AllowedDifference[], name: string, used: Set<AllowedDifference>): Verdict {
  const mine = entries.filter((e) => applies(e, name));
  const a = structuredClone(docker);
  const b = structuredClone(stackc);
  const reordered = new Set<AllowedDifference>();
  applyOrderEntries(a, b, mine, reordered);
  for (const e of reordered) used.add(e);
  const allowed: Verdict['allowed'] = [];
  const unexpected: Difference[] = [];
  for (const d of differences(a, b)) {
    const segments = d.path === '' ? [] : d.path.split('.');
    // A `when` judges the values where its pattern matched (a whole subtree), not the leaf.
    const entry = mine.find((e) => {
      const length = e.order ? -1 : matchedLength(e.path, segments);
      if (length < 0) return false;
      const at = segments.slice(0, length);
      return !e.when || e.when(valueAt(a, at), valueAt(b, at));
    });
    if (entry) {
      allowed.push({ difference: d, entry });
      used.add(entry);
    } else unexpected.push(d);
  }
  return { allowed, reordered: [...reordered], unexpected };
}

const show = (v: unknown, max = Infinity) => {
  const text = v === undefined ? '(absent)' : JSON.stringify(v);
  return text.length > max ? `${text.slice(0, max)}…` : text;
};
const pretty = (v: unknown) => `${JSON.stringify(v === undefined ? null : JSON.parse(canonical(v)), null, 2)}\n`;

// ---------------------------------------------------------------------------------------------

describe.skipIf(Boolean(skip))('differential: docker stack deploy vs stackc deploy', () => {
  const docker = (args: string[], env?: NodeJS.ProcessEnv): Promise<Run> => engineDocker(args, env ? { env } : {});
  const created = new Set<string>();
  const scratchDirs: string[] = [];
  const externalVolumes = new Map<string, boolean>(); // name → existed before this file ran
  const usedEntries = new Set<AllowedDifference>();
  const fixtures = swarmFixtures();
  const only = (process.env.STACKC_DIFF_ONLY ?? '').split(',').filter(Boolean);
  const cases: Case[] = [
    ...fixtures.map((f) => ({ name: f, fixture: f })),
    ...EXTRA_CASES.filter((c) => !only.length || only.some((o) => c.name.startsWith(o))),
  ];
  const report: string[] = [];

  /** Removes a stack by label, whoever deployed it, and waits until all of it is gone. */
  async function removeStack(stack: string): Promise<void> {
    const label = `label=${NAMESPACE}=${stack}`;
    await docker(['stack', 'rm', stack]);
    const deadline = Date.now() + 120_000;
    let clean = 0;
    for (;;) {
      const [services, containers, networks, secrets, configs] = await Promise.all([
        docker(['service', 'ls', '-q', '--filter', label]).then(lines),
        docker(['ps', '-aq', '--filter', label]).then(lines),
        docker(['network', 'ls', '-q', '--filter', label]).then(lines),
        docker(['secret', 'ls', '-q', '--filter', label]).then(lines),
        docker(['config', 'ls', '-q', '--filter', label]).then(lines),
      ]);
      if (services.length) await docker(['service', 'rm', ...services]);
      if (!services.length && !containers.length) {
        if (networks.length) await docker(['network', 'rm', ...networks]);
        if (secrets.length) await docker(['secret', 'rm', ...secrets]);
        if (configs.length) await docker(['config', 'rm', ...configs]);
      }
      // Clean twice in a row, a second apart: a task being prepared when its service went away
      // may still create its container (and named volumes) just after a clean look.
      if (!services.length && !containers.length && !networks.length && !secrets.length && !configs.length) {
        if (++clean === 2) break;
        await new Promise((r) => setTimeout(r, 1000));
        continue;
      }
      clean = 0;
      if (Date.now() > deadline) throw new Error(`stack ${stack} still has ${[services.length && 'services', containers.length && 'containers', networks.length && 'networks', secrets.length && 'secrets', configs.length && 'configs'].filter(Boolean).join(', ')} after 120 s`);
      await new Promise((r) => setTimeout(r, 500));
    }
    const volumes = lines(await docker(['volume', 'ls', '-q', '--filter', label]));
    if (volumes.length) await docker(['volume', 'rm', '-f', ...volumes]);
    created.delete(stack);
  }

  /** External volumes tasks created because they did not exist (only those this file caused). */
  async function removeCreatedExternalVolumes(): Promise<void> {
    for (const [name, existed] of externalVolumes) {
      if (!existed) await docker(['volume', 'rm', '-f', name]);
    }
  }

  beforeAll(async () => {
    await ensureSwarm(dockerHost);
  });

  afterAll(async () => {
    const errors: string[] = [];
    for (const stack of [...created]) {
      try {
        await removeStack(stack);
      } catch (e) {
        errors.push(String(e));
      }
    }
    await removeCreatedExternalVolumes();
    for (const dir of scratchDirs) removeScratch(dir);
    const names = cases.map((c) => c.name);
    const unused = [...SERVICE_DIFFERENCES, ...NETWORK_DIFFERENCES, ...OBJECT_DIFFERENCES].filter((e) => !usedEntries.has(e) && (!e.fixtures || e.fixtures.some((f) => names.includes(f))));
    if (report.length) console.info(`differential report:\n${report.join('\n')}`);
    if (unused.length && cases.length) console.info(`allow-list entries not exercised by this run:\n${unused.map((e) => `  ${e.id}: ${e.path}`).join('\n')}`);
    if (errors.length) throw new Error(errors.join('\n'));
  }, 600_000);

  it('finds the swarm fixtures', () => {
    expect(cases.length).toBeGreaterThan(0);
  });

  /** Compares two snapshots kind by kind; returns the failures and adds the allowed differences to `allowed`. */
  function compareSnapshots(name: string, a: Snapshot, b: Snapshot, kinds: readonly (keyof Snapshot)[], allowed: Map<AllowedDifference, string[]>): string[] {
    const failures: string[] = [];
    const entriesOf = { services: SERVICE_DIFFERENCES, networks: NETWORK_DIFFERENCES, secrets: OBJECT_DIFFERENCES, configs: OBJECT_DIFFERENCES } as const;
    for (const kind of kinds) {
      const left = a[kind];
      const right = b[kind];
      for (const object of [...new Set([...left.keys(), ...right.keys()])].sort()) {
        if (!left.has(object) || !right.has(object)) {
          failures.push(`${kind} ${object}: only ${left.has(object) ? 'docker stack deploy' : 'stackc'} created it`);
          continue;
        }
        const verdict = compare(left.get(object), right.get(object), entriesOf[kind], name, usedEntries);
        for (const { difference: d, entry } of verdict.allowed) {
          allowed.set(entry, [...(allowed.get(entry) ?? []), `${object.replace('<stack>_', '')} ${d.path}: docker ${show(d.docker, 120)} / stackc ${show(d.stackc, 120)}`]);
        }
        for (const entry of verdict.reordered) allowed.set(entry, [...(allowed.get(entry) ?? []), `${object.replace('<stack>_', '')} ${entry.path}: same elements, another order`]);
        if (verdict.unexpected.length) {
          const patch = createTwoFilesPatch(`docker stack deploy: ${object}`, `stackc deploy: ${object}`, pretty(left.get(object)), pretty(right.get(object)), undefined, undefined, { context: 4 });
          failures.push(
            `${kind} ${object}: ${verdict.unexpected.length} unexpected difference(s):\n` +
              verdict.unexpected.map((d) => `  ${d.path || '(root)'}: docker ${show(d.docker)} / stackc ${show(d.stackc)}`).join('\n') +
              `\n${patch}`,
          );
        }
      }
    }
    return failures;
  }

  for (const c of cases) {
    it(`${c.name}: same specs from docker stack deploy and stackc deploy`, async () => {
      const tag = `${process.pid}${c.name.replace(/[^a-z0-9]/g, '').slice(0, 6)}`;
      const A = `dfa${tag}`;
      const B = `dfb${tag}`;
      const prepared = prepare(c);
      scratchDirs.push(prepared.dir);
      for (const v of prepared.externalVolumes) {
        if (!externalVolumes.has(v)) externalVolumes.set(v, (await docker(['volume', 'inspect', v])).code === 0);
      }
      const env = { ...prepared.env };
      const cFlags = prepared.files.flatMap((f) => ['-c', f]);
      const problems: string[] = [];
      const refusal = DOCKER_REFUSES[c.name];
      const deployStackc = () => stackc(['deploy', ...cFlags, '--detach', '--progress', 'plain', B], { cwd: prepared.dir, dockerHost, env });

      // A: docker stack deploy
      created.add(A);
      const deployA = await docker(['stack', 'deploy', ...cFlags, '--resolve-image', 'never', '--detach=true', A], env);
      if (refusal) {
        expect(deployA.code, `docker stack deploy now accepts ${c.name}: drop its DOCKER_REFUSES entry\n${deployA.stdout}`).not.toBe(0);
        expect(deployA.stderr).toMatch(refusal.error);
      } else {
        expect(deployA.code, `docker stack deploy ${c.name} failed:\n${deployA.stderr}`).toBe(0);
      }
      const a = await snapshot(A, 'docker', docker, problems);
      await removeStack(A);

      // B: stackc deploy, once A is gone (the same published ports)
      created.add(B);
      const deployB = await deployStackc();
      expect(deployB.code, `stackc deploy ${c.name} failed:\n${deployB.stdout}${deployB.stderr}`).toBe(0);
      const b = await snapshot(B, 'stackc', docker, problems);
      await removeStack(B);
      await removeCreatedExternalVolumes();

      if (process.env.STACKC_DIFF_DUMP) {
        const out = path.join(process.env.STACKC_DIFF_DUMP, c.name);
        mkdirSync(out, { recursive: true });
        for (const [tool, snap] of [['docker', a], ['stackc', b]] as const) {
          const plain = Object.fromEntries(Object.entries(snap).map(([k, m]) => [k, Object.fromEntries(m as Map<string, Json>)]));
          writeFileSync(path.join(out, `${tool}.json`), pretty(plain));
        }
      }

      const kinds: (keyof Snapshot)[] = refusal ? (refusal.compare === 'networks' ? ['networks'] : []) : ['services', 'networks', 'secrets', 'configs'];
      const allowed = new Map<AllowedDifference, string[]>();
      const failures = [...problems, ...compareSnapshots(c.name, a, b, kinds, allowed)];
      const what = `${b.services.size} services, ${b.networks.size} networks, ${b.secrets.size} secrets, ${b.configs.size} configs`;
      const edits = prepared.edits.length ? `; input edits: ${prepared.edits.join(', ')}` : '';
      if (refusal) {
        const said = deployA.stderr.trim().split('\n').filter(Boolean).pop() ?? '';
        report.push(`${c.name}: docker stack deploy refuses it ("${said}"); stackc deploys it (${what})${kinds.length ? `; compared: ${kinds.join(', ')}` : ''}${edits}`);
      } else {
        report.push(`${c.name}: ${what}${edits}`);
      }
      for (const [entry, where] of allowed) report.push(`  allowed ${entry.id} (${where.length}×): ${where.slice(0, 3).join('; ')}${where.length > 3 ? '; …' : ''}`);
      if (failures.length) throw new Error(`${c.name}: differences not in tests/e2e/differential-allowlist.ts\n\n${failures.join('\n\n')}`);
    }, 300_000);
  }
});

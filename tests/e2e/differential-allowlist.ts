/**
 * The documented differences between `docker stack deploy` and `stackc deploy` that
 * tests/e2e/differential.test.ts accepts. Everything not listed here fails that test.
 *
 * Three kinds:
 *
 * - INPUT_EDITS: the fixtures are written for compose as a whole; `docker stack deploy` only
 *   parses the older v3 format and refuses some of what they use. An edit rewrites the scratch copy
 *   both tools deploy (the same file for both), only where the file uses that construct. stackc
 *   accepts every original; these are compatibility differences on the *input* side.
 * - DOCKER_REFUSES: fixtures `docker stack deploy` refuses outright (no edit would leave the
 *   fixture meaningful). The test checks that docker still refuses them with this error and that
 *   stackc deploys the same file.
 * - SERVICE/NETWORK/OBJECT differences: a path pattern in the normalized `.Spec` of a service (or
 *   in a network's / secret's / config's inspect output) where the two stacks may differ, and why.
 *   Each comes from a deliberate difference the swarm lowering documents (src/targets/swarm/*.ts).
 *
 * Path patterns: dot-separated keys and array indexes (`TaskTemplate.ContainerSpec.Mounts.0.Target`),
 * `*` matches one segment, `**` any number of segments; a pattern also covers everything under the
 * path it matches. `order: true` is narrower: it only allows the array at that path to hold the
 * same elements in another order (both are sorted before comparing; any other difference in it
 * still fails).
 */
import { isMap, isScalar, isSeq, type Document, type YAMLMap } from 'yaml';

export interface AllowedDifference {
  /** Short name, for the report. */
  readonly id: string;
  /** Path pattern (see above). */
  readonly path: string;
  readonly reason: string;
  /** Only the array's order may differ. */
  readonly order?: boolean;
  /** Limit the entry to these fixtures (default: all). */
  readonly fixtures?: readonly string[];
  /** Narrows the entry further: the values each tool produced where the pattern matched (undefined: absent). */
  readonly when?: (docker: unknown, stackc: unknown) => boolean;
  /** Where the lowering documents it. */
  readonly source: string;
}

export interface InputEdit {
  readonly name: string;
  readonly reason: string;
  /** Rewrites the document in place; returns true when it changed something. */
  readonly apply: (doc: Document.Parsed, files: { write(relative: string, text: string): void; env: Readonly<Record<string, string>> }) => boolean;
}

export interface Refusal {
  /** docker stack deploy's error (stderr). */
  readonly error: RegExp;
  readonly reason: string;
  /** What docker created before it failed, to compare anyway (its networks come first). */
  readonly compare?: 'networks';
}

// ---------------------------------------------------------------------------------------------
// Input side

const services = (doc: Document.Parsed): YAMLMap[] => {
  const s = doc.get('services');
  return isMap(s) ? s.items.flatMap((i) => (isMap(i.value) ? [i.value as YAMLMap] : [])) : [];
};

const topLevel = (doc: Document.Parsed, key: string): YAMLMap[] => {
  const s = doc.get(key);
  return isMap(s) ? s.items.flatMap((i) => (isMap(i.value) ? [i.value as YAMLMap] : [])) : [];
};

const SIZE_UNITS: Record<string, number> = { b: 1, k: 1024, kb: 1024, m: 1024 ** 2, mb: 1024 ** 2, g: 1024 ** 3, gb: 1024 ** 3 };

const CONTAINER_RESOURCE_KEYS = [
  'cpus', 'mem_limit', 'mem_reservation', 'pids_limit', 'cpu_shares', 'cpu_quota', 'cpu_period', 'cpuset', 'cpu_count', 'cpu_percent',
  'cpu_rt_period', 'cpu_rt_runtime', 'memswap_limit', 'mem_swappiness', 'oom_kill_disable', 'blkio_config',
];

export const INPUT_EDITS: readonly InputEdit[] = [
  {
    name: 'no compose 2.x version',
    reason: 'docker stack deploy takes only version 3 files ("unsupported Compose file version: 2.4"); the compose spec ignores `version` (stackc warns W0401), so it is removed',
    apply: (doc) => {
      const version = doc.get('version');
      return typeof version === 'string' && /^[12](\.|$)/.test(version) ? doc.delete('version') : false;
    },
  },
  {
    name: 'no container resource keys',
    reason:
      'docker stack deploy refuses the service-level resource keys (`mem_limit`, `cpu_shares`, `cpuset`, `cpu_quota`, `memswap_limit`: "Set resource limits using deploy.resources"; ' +
      '`cpus`, `mem_reservation`, `pids_limit`, `cpu_period`, `cpu_count`, `cpu_percent`, `cpu_rt_*`, `mem_swappiness`, `oom_kill_disable`, `blkio_config`: "Additional property … is not allowed"); ' +
      'stackc ignores each with a W0701 naming the deploy.resources key to use, so removing them changes nothing on stackc\'s side',
    apply: (doc) => {
      let changed = false;
      for (const svc of services(doc)) {
        for (const key of CONTAINER_RESOURCE_KEYS) if (svc.has(key)) changed = svc.delete(key) || changed;
      }
      return changed;
    },
  },
  {
    name: 'no top-level name',
    reason: 'docker stack deploy\'s schema has no top-level `name:` ("Additional property name is not allowed"); the stack name is given on the command line anyway',
    apply: (doc) => doc.delete('name'),
  },
  {
    name: 'inactive profiles dropped',
    reason: 'docker stack deploy knows no `profiles:`; a service in a profile is not deployed by stackc unless the profile is active (none is here), so the edit removes those services',
    apply: (doc) => {
      const s = doc.get('services');
      if (!isMap(s)) return false;
      const before = s.items.length;
      s.items = s.items.filter((i) => !(isMap(i.value) && i.value.has('profiles')));
      return s.items.length !== before;
    },
  },
  {
    name: 'depends_on as a list',
    reason: 'docker stack deploy takes only the short `depends_on` list (both tools ignore depends_on on a swarm and say so)',
    apply: (doc) => {
      let changed = false;
      for (const svc of services(doc)) {
        const d = svc.get('depends_on');
        if (isMap(d)) {
          svc.set('depends_on', doc.createNode(d.items.map((i) => String(isScalar(i.key) ? i.key.value : i.key))));
          changed = true;
        }
      }
      return changed;
    },
  },
  {
    name: 'env_file as paths',
    reason: 'docker stack deploy takes `env_file` entries only as path strings; `{path, required: false}` entries whose file does not exist are left out (stackc skips them too)',
    apply: (doc) => {
      let changed = false;
      for (const svc of services(doc)) {
        const list = svc.get('env_file');
        if (!isSeq(list)) continue;
        const kept = list.items.flatMap((e) => {
          if (!isMap(e)) return [e];
          changed = true;
          return e.get('required') === false ? [] : [doc.createNode(String(e.get('path')))];
        });
        list.items = kept;
      }
      return changed;
    },
  },
  {
    name: 'integer published ports, no port names',
    reason: 'docker stack deploy\'s schema wants the long-syntax `published` as an integer and has no `name` for a port',
    apply: (doc) => {
      let changed = false;
      for (const svc of services(doc)) {
        const ports = svc.get('ports');
        if (!isSeq(ports)) continue;
        for (const p of ports.items) {
          if (!isMap(p)) continue;
          const published = p.get('published');
          if (typeof published === 'string' && /^\d+$/.test(published)) {
            p.set('published', Number(published));
            changed = true;
          }
          if (p.has('name')) changed = p.delete('name') || changed;
        }
      }
      return changed;
    },
  },
  {
    name: 'tmpfs size in bytes',
    reason: 'docker stack deploy\'s schema takes `tmpfs.size` of a long-syntax volume only as an integer number of bytes',
    apply: (doc) => {
      let changed = false;
      for (const svc of services(doc)) {
        const volumes = svc.get('volumes');
        if (!isSeq(volumes)) continue;
        for (const v of volumes.items) {
          const tmpfs = isMap(v) ? v.get('tmpfs') : undefined;
          const size = isMap(tmpfs) ? tmpfs.get('size') : undefined;
          const m = typeof size === 'string' ? /^(\d+)\s*([a-z]*)$/i.exec(size) : null;
          if (isMap(tmpfs) && m && SIZE_UNITS[m[2]!.toLowerCase() || 'b']) {
            tmpfs.set('size', Number(m[1]) * SIZE_UNITS[m[2]!.toLowerCase() || 'b']!);
            changed = true;
          }
        }
      }
      return changed;
    },
  },
  {
    name: 'ipam: subnet only',
    reason: 'docker stack deploy\'s v3 schema takes only `subnet` in `ipam.config` ("Additional property gateway is not allowed"); `gateway`, `ip_range` and `aux_addresses` are removed',
    apply: (doc) => {
      let changed = false;
      for (const net of topLevel(doc, 'networks')) {
        const config = isMap(net.get('ipam')) ? (net.get('ipam') as YAMLMap).get('config') : undefined;
        if (!isSeq(config)) continue;
        for (const c of config.items) {
          if (!isMap(c)) continue;
          for (const key of ['gateway', 'ip_range', 'aux_addresses']) if (c.has(key)) changed = c.delete(key) || changed;
        }
      }
      return changed;
    },
  },
  {
    name: 'bridge networks as overlay',
    reason:
      'docker stack deploy creates a `driver: bridge` network with local scope, and swarm then refuses every service on it ("only networks scoped to the swarm can be used"); ' +
      'stackc asks for Scope swarm instead (a deliberate difference, src/targets/swarm/networks.ts). To compare the services at all, both get overlay networks',
    apply: (doc) => {
      let changed = false;
      for (const net of topLevel(doc, 'networks')) {
        if (net.get('driver') === 'bridge') {
          net.set('driver', 'overlay');
          changed = true;
        }
      }
      return changed;
    },
  },
  {
    name: 'environment secrets as files',
    reason: 'docker stack deploy has no `environment:` source for secrets; the edit writes the variable\'s value to a file and points the secret at it (same content, so the same digest for stackc)',
    apply: (doc, files) => {
      let changed = false;
      for (const kind of ['secrets', 'configs']) {
        const defs = doc.get(kind);
        if (!isMap(defs)) continue;
        for (const item of defs.items) {
          const def = item.value;
          if (!isMap(def) || !def.has('environment')) continue;
          const variable = String(def.get('environment'));
          const name = `differential-${kind}-${String(isScalar(item.key) ? item.key.value : item.key)}.txt`;
          files.write(name, files.env[variable] ?? '');
          def.delete('environment');
          def.set('file', `./${name}`);
          changed = true;
        }
      }
      return changed;
    },
  },
];

/** Fixtures docker stack deploy refuses whatever the edits above do. */
export const DOCKER_REFUSES: Readonly<Record<string, Refusal>> = {
  'x-bridge-network': {
    error: /Only networks scoped to the swarm can be used/,
    reason: 'a service on a `driver: bridge` network: docker stack deploy creates the network local-scoped and swarm refuses the service; stackc creates it swarm-scoped and the service runs',
    compare: 'networks',
  },
  '12-multi-file': {
    error: /unsupported options:[\s\S]*extends/,
    reason: 'uses `extends:` and `include:` (compose spec), which docker stack deploy does not implement ("Support for `extends` is not implemented yet"); stackc resolves both',
  },
};

// ---------------------------------------------------------------------------------------------
// Output side

type Json = Record<string, unknown>;
const canonical = (v: unknown): string =>
  JSON.stringify(v, (_k, val: unknown) => (typeof val === 'object' && val !== null && !Array.isArray(val) ? Object.fromEntries(Object.keys(val).sort().map((k) => [k, (val as Json)[k]])) : val));
const same = (a: unknown, b: unknown) => canonical(a) === canonical(b);
const sameElements = (a: readonly unknown[], b: readonly unknown[]) => same(a.map(canonical).sort(), b.map(canonical).sort());
const isTmpfs = (m: unknown) => typeof m === 'object' && m !== null && (m as Json).Type === 'tmpfs';

export const SERVICE_DIFFERENCES: readonly AllowedDifference[] = [
  {
    id: 'no-new-privileges',
    path: 'TaskTemplate.ContainerSpec.Privileges',
    reason:
      'the docker CLI 28 always sends `Privileges: {NoNewPrivileges: false}` (a field of Engine API 1.46+; false is what an absent field means); ' +
      'stackc sends Privileges only for a credential spec',
    when: (docker, stackc) => same(docker, { NoNewPrivileges: false }) && stackc === undefined,
    source: 'the docker CLI, not a stackc choice (src/targets/swarm/container-spec.ts privileges())',
  },
  {
    id: 'mounts-sorted',
    path: 'TaskTemplate.ContainerSpec.Mounts',
    order: true,
    reason: 'stackc sorts mounts by target (the engine orders nested mounts itself), so reordering `volumes:` is not a change that restarts tasks; docker keeps the file\'s order',
    source: 'src/targets/swarm/mounts.ts',
  },
  {
    id: 'tmpfs-list',
    path: 'TaskTemplate.ContainerSpec.Mounts',
    reason: 'the service-level `tmpfs:` list becomes tmpfs mounts in stackc (the API takes them); docker stack deploy silently drops it. The other mounts are the same, in any order',
    when: (docker, stackc) => {
      if (!Array.isArray(stackc)) return false;
      const d = Array.isArray(docker) ? docker : [];
      const dockerKeys = new Set(d.map(canonical));
      const extra = stackc.filter((m) => !dockerKeys.has(canonical(m)));
      return extra.length > 0 && extra.every(isTmpfs) && sameElements(d, stackc.filter((m) => !extra.includes(m)));
    },
    source: 'src/targets/swarm/mounts.ts, container-spec.ts',
  },
  {
    id: 'constraints-sorted',
    path: 'TaskTemplate.Placement.Constraints',
    order: true,
    reason: 'stackc sorts placement constraints (they all apply, so their order means nothing and must not cause an update); docker keeps the file\'s order',
    source: 'src/targets/swarm/placement.ts',
  },
  {
    id: 'hosts-sorted',
    path: 'TaskTemplate.ContainerSpec.Hosts',
    order: true,
    reason: 'stackc writes `extra_hosts` sorted by host name (each name\'s addresses in file order), so reordering the list is not a change; docker keeps the file\'s order',
    source: 'src/targets/swarm/container-spec.ts hosts()',
  },
  {
    id: 'restart-no',
    path: 'TaskTemplate.RestartPolicy.Condition',
    reason: '`restart: "no"` becomes condition `none` in stackc; docker stack deploy sends no policy, and swarm\'s default (`any`) then restarts the task, the opposite of what the file says',
    when: (docker, stackc) => docker === 'any' && stackc === 'none',
    source: 'src/targets/swarm/restart.ts',
  },
  {
    id: 'config-default-target',
    path: 'TaskTemplate.ContainerSpec.Configs.*.File.Name',
    reason: 'a config reference without `target` gets the absolute `/<source>` from stackc; docker stack deploy sends the bare `<source>`, which the engine also mounts at `/<source>` (same file, spelled differently)',
    when: (docker, stackc) => typeof docker === 'string' && !docker.startsWith('/') && stackc === `/${docker}`,
    source: 'src/targets/swarm/secrets.ts',
  },
  {
    id: 'env-file-quotes',
    path: 'TaskTemplate.ContainerSpec.Env.*',
    reason: 'stackc reads `env_file` as compose does (quotes around a value are syntax: `K="v"` is v); docker stack deploy keeps the quotes as part of the value',
    when: (docker, stackc) => {
      const m = typeof docker === 'string' ? /^([^=]+)=(["'])(.*)\2$/s.exec(docker) : null;
      return m !== null && stackc === `${m[1]}=${m[3]}`;
    },
    source: 'src/parse/env-file.ts',
  },
];

/** Networks: `docker network inspect`, normalized. */
export const NETWORK_DIFFERENCES: readonly AllowedDifference[] = [
  {
    id: 'network-scope-swarm',
    path: 'Scope',
    reason: 'stackc creates every stack network with Scope `swarm`, so a `driver: bridge` network can carry services; docker stack deploy creates it local, and then swarm refuses the services',
    when: (docker, stackc) => docker === 'local' && stackc === 'swarm',
    source: 'src/targets/swarm/networks.ts',
  },
  {
    id: 'network-scope-swarm-ipam',
    path: 'IPAM',
    reason:
      'follows from the previous entry: a swarm-scoped network of a local driver (bridge) gets its subnet on each node when a task attaches, so the manager shows no IPAM allocation; ' +
      'docker\'s local-scoped network got one from the default pool at creation',
    when: (docker, stackc) => {
      const d = (docker ?? {}) as Json;
      const s = (stackc ?? {}) as Json;
      const pooled = Array.isArray(d.Config) && d.Config.every((c) => same(c, { Subnet: '<default pool>', Gateway: '<default pool>' }));
      return pooled && s.Config === undefined && !s.Driver;
    },
    source: 'src/targets/swarm/networks.ts',
  },
];

/** Secrets and configs: `docker secret|config inspect` `.Spec`, normalized. */
export const OBJECT_DIFFERENCES: readonly AllowedDifference[] = [];

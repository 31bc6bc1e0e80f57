/**
 * One service: every compose key, typed where the IR has a type, verbatim where it does not
 * (`develop`, `provider`), and `x-*` keys under `extensions`. Each field reads only its own key,
 * so the order below is the IR's (alphabetical), not an order of dependency.
 */
import type { JsonPath } from '../parse/diagnostics.js';
import type { JsonObject, JsonValue } from '../parse/json.js';
import { normalizeBuild } from './build.js';
import { asBool, asInt, asNumber, asString, asStringList, compact, extensionsOf, report, type Sink } from './coerce.js';
import { normalizeCommand } from './command-line.js';
import { normalizeDeploy } from './deploy.js';
import { normalizeBlkio, normalizeDevices, normalizeGpus } from './devices.js';
import { normalizeEnvironment, type EnvHost } from './environment.js';
import { normalizeCredentialSpec, normalizeHealthcheck, normalizeHooks, normalizeLogging, normalizeUlimits } from './healthcheck.js';
import type { Service } from './model.js';
import { normalizeServiceNetworks } from './networks.js';
import { normalizeExpose, normalizePorts } from './ports.js';
import { normalizeExtraHosts, stringRecord, strictRecord } from './records.js';
import { normalizeDependsOn, normalizeFileRefs, normalizeLinks, normalizeServiceModels, normalizeVolumesFrom } from './references.js';
import { cpusField, durationField, sizeField } from './units.js';
import { normalizeServiceVolumes } from './volumes.js';

export interface ServiceContext {
  readonly projectDirectory: string;
  readonly environment: Readonly<Record<string, string>>;
  readonly host: EnvHost;
}

/**
 * Every service key of the compose spec. `extends` is left out on purpose: parse resolves it, and
 * should one survive it lands in `extensions` rather than vanishing.
 */
export const SERVICE_KEYS: ReadonlySet<string> = new Set([
  'annotations', 'attach', 'blkio_config', 'build', 'cap_add', 'cap_drop', 'cgroup', 'cgroup_parent', 'command',
  'configs', 'container_name', 'cpu_count', 'cpu_percent', 'cpu_period', 'cpu_quota', 'cpu_rt_period',
  'cpu_rt_runtime', 'cpu_shares', 'cpus', 'cpuset', 'credential_spec', 'depends_on', 'deploy', 'develop',
  'device_cgroup_rules', 'devices', 'dns', 'dns_opt', 'dns_search', 'domainname', 'entrypoint', 'env_file',
  'environment', 'expose', 'external_links', 'extra_hosts', 'gpus', 'group_add', 'healthcheck',
  'hostname', 'image', 'init', 'ipc', 'isolation', 'label_file', 'labels', 'links', 'logging', 'mac_address',
  'mem_limit', 'mem_reservation', 'mem_swappiness', 'memswap_limit', 'models', 'network_mode', 'networks',
  'oom_kill_disable', 'oom_score_adj', 'pid', 'pids_limit', 'platform', 'ports', 'post_start', 'pre_stop',
  'privileged', 'profiles', 'provider', 'pull_policy', 'pull_refresh_after', 'read_only', 'restart', 'runtime',
  'scale', 'secrets', 'security_opt', 'shm_size', 'stdin_open', 'stop_grace_period', 'stop_signal',
  'storage_opt', 'sysctls', 'tmpfs', 'tty', 'ulimits', 'use_api_socket', 'user', 'userns_mode', 'uts',
  'volumes', 'volumes_from', 'working_dir',
]);

const RESTART = /^(no|always|unless-stopped|on-failure(:\d+)?)$/;

/** `restart`: no, always, unless-stopped, on-failure or on-failure:N (N a non-negative integer). */
export function restartField(value: JsonValue | undefined, path: JsonPath, sink: Sink): string | undefined {
  const text = asString(value, path, sink);
  if (text === undefined || RESTART.test(text)) return text;
  report(sink, 'E0111', `invalid restart policy \`${text}\``, path, 'use no, always, unless-stopped, on-failure or on-failure:N');
  return undefined;
}

/** Microseconds in nanoseconds: a bare cpu_rt_* number is microseconds. */
const MICROSECOND = 1e3;

export function normalizeService(name: string, svc: JsonObject, ctx: ServiceContext, sink: Sink): Service {
  const path: JsonPath = ['services', name];
  const p = (key: string): JsonPath => [...path, key];
  // Most keys are absent, and absent means unset: only a present value needs its path and a check.
  const has = (key: string): boolean => svc[key] !== undefined && svc[key] !== null;
  const str = (key: string): string | undefined => (has(key) ? asString(svc[key], p(key), sink) : undefined);
  const bool = (key: string): boolean | undefined => (has(key) ? asBool(svc[key], p(key), sink) : undefined);
  const int = (key: string, min?: number): number | undefined =>
    has(key) ? asInt(svc[key], p(key), sink, min === undefined ? {} : { min }) : undefined;
  const list = (key: string): string[] => (has(key) ? asStringList(svc[key], p(key), sink) : []);
  const verbatim = (key: string): JsonValue | undefined => svc[key] ?? undefined;
  // A written key goes through its normalizer (null included: some keys refuse it); an absent
  // one is the IR's empty value at once. Running ~60 normalizers on nothing, each with a path
  // made for it, was most of normalize's time for services that set a handful of keys.
  const field = <T>(key: string, normalizeValue: (value: JsonValue, at: JsonPath, sink: Sink) => T, absent: T): T =>
    svc[key] === undefined ? absent : normalizeValue(svc[key]!, p(key), sink);
  const env =
    svc.env_file === undefined && svc.environment === undefined
      ? { env_file: [], environment: {} }
      : normalizeEnvironment(svc.env_file, svc.environment, path, ctx.environment, ctx.host, sink);
  const networkMode = str('network_mode');
  // As compose does: no networks and no network_mode means the project's default network.
  const networks =
    svc.networks === undefined || svc.networks === null
      ? networkMode === undefined ? { default: null } : {}
      : normalizeServiceNetworks(svc.networks, p('networks'), sink);
  return compact<Service>({
    name,
    annotations: field('annotations', stringRecord, {}),
    attach: bool('attach'),
    blkio_config: field('blkio_config', normalizeBlkio, undefined),
    build: field('build', (value, at) => normalizeBuild(value, at, ctx.projectDirectory, ctx.environment, sink), undefined),
    cap_add: list('cap_add'),
    cap_drop: list('cap_drop'),
    cgroup: str('cgroup'),
    cgroup_parent: str('cgroup_parent'),
    command: field('command', normalizeCommand, null),
    configs: field('configs', (value, at) => normalizeFileRefs(value, at, sink, 'config'), []),
    container_name: str('container_name'),
    cpu_count: int('cpu_count', 0),
    cpu_percent: field('cpu_percent', (value, at) => asNumber(value, at, sink, { min: 0, max: 100 }), undefined),
    cpu_shares: int('cpu_shares', 0),
    cpu_period: int('cpu_period', 0),
    cpu_quota: int('cpu_quota', -1),
    cpu_rt_period: field('cpu_rt_period', (value, at) => durationField(value, at, sink, MICROSECOND), undefined),
    cpu_rt_runtime: field('cpu_rt_runtime', (value, at) => durationField(value, at, sink, MICROSECOND), undefined),
    cpus: field('cpus', cpusField, undefined),
    cpuset: str('cpuset'),
    credential_spec: field('credential_spec', normalizeCredentialSpec, undefined),
    depends_on: field('depends_on', normalizeDependsOn, {}),
    deploy: field('deploy', normalizeDeploy, undefined),
    develop: verbatim('develop'),
    device_cgroup_rules: list('device_cgroup_rules'),
    devices: field('devices', normalizeDevices, []),
    dns: list('dns'),
    dns_opt: list('dns_opt'),
    dns_search: list('dns_search'),
    domainname: str('domainname'),
    entrypoint: field('entrypoint', normalizeCommand, null),
    env_file: env.env_file,
    environment: env.environment,
    expose: field('expose', normalizeExpose, []),
    external_links: list('external_links'),
    extra_hosts: field('extra_hosts', normalizeExtraHosts, {}),
    gpus: field('gpus', normalizeGpus, undefined),
    group_add: list('group_add'),
    healthcheck: field('healthcheck', normalizeHealthcheck, undefined),
    hostname: str('hostname'),
    image: str('image'),
    init: bool('init'),
    ipc: str('ipc'),
    isolation: str('isolation'),
    label_file: list('label_file'),
    labels: field('labels', stringRecord, {}),
    links: field('links', normalizeLinks, []),
    logging: field('logging', normalizeLogging, undefined),
    mac_address: str('mac_address'),
    mem_limit: field('mem_limit', sizeField, undefined),
    mem_reservation: field('mem_reservation', sizeField, undefined),
    mem_swappiness: int('mem_swappiness', 0),
    memswap_limit: field('memswap_limit', (value, at) => sizeField(value, at, sink, true), undefined),
    models: field('models', normalizeServiceModels, {}),
    network_mode: networkMode,
    networks,
    oom_kill_disable: bool('oom_kill_disable'),
    oom_score_adj: int('oom_score_adj'),
    pid: str('pid'),
    pids_limit: int('pids_limit', -1),
    platform: str('platform'),
    ports: field('ports', normalizePorts, []),
    post_start: field('post_start', (value, at) => normalizeHooks(value, at, ctx.environment, sink), []),
    pre_stop: field('pre_stop', (value, at) => normalizeHooks(value, at, ctx.environment, sink), []),
    privileged: bool('privileged'),
    profiles: list('profiles'),
    provider: verbatim('provider'),
    pull_policy: str('pull_policy'),
    pull_refresh_after: str('pull_refresh_after'),
    read_only: bool('read_only'),
    restart: field('restart', restartField, undefined),
    runtime: str('runtime'),
    scale: int('scale', 0),
    secrets: field('secrets', (value, at) => normalizeFileRefs(value, at, sink, 'secret'), []),
    security_opt: list('security_opt'),
    shm_size: field('shm_size', sizeField, undefined),
    stdin_open: bool('stdin_open'),
    stop_grace_period: field('stop_grace_period', durationField, undefined),
    stop_signal: str('stop_signal'),
    storage_opt: field('storage_opt', stringRecord, {}),
    sysctls: field('sysctls', strictRecord, {}),
    tmpfs: list('tmpfs'),
    tty: bool('tty'),
    ulimits: field('ulimits', normalizeUlimits, {}),
    use_api_socket: bool('use_api_socket'),
    user: str('user'),
    userns_mode: str('userns_mode'),
    uts: str('uts'),
    volumes: field('volumes', normalizeServiceVolumes, []),
    volumes_from: field('volumes_from', normalizeVolumesFrom, []),
    working_dir: str('working_dir'),
    extensions: extensionsOf(svc, SERVICE_KEYS),
  });
}

/**
 * The Project IR: what normalize hands to the targets.
 *
 * Conventions (every target may rely on them):
 * - Keys keep the compose spec's snake_case names and its long syntax, so a path into the IR is
 *   the path into the compose document (diagnostics and source maps rely on that). The one
 *   exception is `ports`: a short-syntax range (`8000-8001:80-81`) becomes one entry per port.
 * - No short syntax and no list-or-map unions are left: lists are lists, maps are records.
 * - Units: durations are integer nanoseconds, sizes are bytes (1024-based, as docker does),
 *   every `cpus` field is nano-cpus (cpus: 0.5 → 500000000) although it keeps its compose name.
 * - An optional field that is `undefined` was not set by the user: the target picks its default.
 *   Fields that compose itself defaults (deploy.mode, depends_on condition, port protocol ...)
 *   are filled in.
 * - Records are built with sorted keys; lists keep the user's order.
 * - `extensions` holds the `x-*` keys (and, defensively, any key normalize does not know) of the
 *   mapping it sits on, verbatim. It is always present on the project, services and top-level
 *   resources, and present on nested objects only when non-empty.
 */
import type { JsonValue } from '../parse/json.js';
import type { Deploy } from './model-deploy.js';
import type {
  BlkioConfig,
  Build,
  CredentialSpec,
  DeviceRequest,
  EnvFile,
  Healthcheck,
  Logging,
  ServiceConfigRef,
  ServiceDependency,
  ServiceDevice,
  ServiceHook,
  ServiceLink,
  ServiceModel,
  ServiceNetwork,
  ServicePort,
  ServiceSecretRef,
  ServiceVolume,
  Ulimit,
  VolumesFrom,
} from './model-service.js';

// The IR is split over three files to keep each readable; import everything from here.
export type * from './model-deploy.js';
export type * from './model-service.js';

export type StringRecord = Readonly<Record<string, string>>;
export type Extensions = Readonly<Record<string, JsonValue>>;

/** Integer nanoseconds. */
export type Nanoseconds = number;
/** Integer bytes. */
export type Bytes = number;
/** Integer nano-cpus (1 cpu = 1e9). */
export type NanoCpus = number;

export interface Project {
  readonly name: string;
  /** Absolute. */
  readonly project_directory: string;
  readonly config_files: readonly string[];
  readonly services: Readonly<Record<string, Service>>;
  readonly networks: Readonly<Record<string, Network>>;
  readonly volumes: Readonly<Record<string, Volume>>;
  readonly secrets: Readonly<Record<string, Secret>>;
  readonly configs: Readonly<Record<string, Config>>;
  /** Top-level `models:` definitions, passed through verbatim. */
  readonly models: Readonly<Record<string, JsonValue>>;
  readonly extensions: Extensions;
}

export interface Service {
  /** The key under `services:`. */
  readonly name: string;
  readonly annotations: StringRecord;
  readonly attach?: boolean;
  readonly blkio_config?: BlkioConfig;
  readonly build?: Build;
  readonly cap_add: readonly string[];
  readonly cap_drop: readonly string[];
  readonly cgroup?: string;
  readonly cgroup_parent?: string;
  /** null when absent (the image's CMD applies); [] when the user wrote an empty command. */
  readonly command: readonly string[] | null;
  readonly configs: readonly ServiceConfigRef[];
  readonly container_name?: string;
  readonly cpu_count?: number;
  readonly cpu_percent?: number;
  readonly cpu_shares?: number;
  /** Microseconds, as the engine takes them (compose has no unit syntax for these two). */
  readonly cpu_period?: number;
  readonly cpu_quota?: number;
  /** Nanoseconds (compose reads a bare number here as microseconds). */
  readonly cpu_rt_period?: Nanoseconds;
  readonly cpu_rt_runtime?: Nanoseconds;
  /** Nano-cpus, despite the name. */
  readonly cpus?: NanoCpus;
  readonly cpuset?: string;
  readonly credential_spec?: CredentialSpec;
  readonly depends_on: Readonly<Record<string, ServiceDependency>>;
  readonly deploy?: Deploy;
  /** `develop:` (watch rules) passed through verbatim. */
  readonly develop?: JsonValue;
  readonly device_cgroup_rules: readonly string[];
  readonly devices: readonly ServiceDevice[];
  readonly dns: readonly string[];
  readonly dns_opt: readonly string[];
  readonly dns_search: readonly string[];
  readonly domainname?: string;
  /** null when absent (the image's ENTRYPOINT applies); [] resets it. */
  readonly entrypoint: readonly string[] | null;
  /**
   * The files as written. Their contents are already merged into `environment`
   * (later files win, `environment:` wins over all), so targets must not read them again.
   */
  readonly env_file: readonly EnvFile[];
  /** null = listed without a value and not set in the resolved environment. */
  readonly environment: Readonly<Record<string, string | null>>;
  /** Ports or ranges, optionally with `/protocol`, as strings. */
  readonly expose: readonly string[];
  readonly external_links: readonly string[];
  /** Hostname → addresses (IPv6 without brackets). */
  readonly extra_hosts: Readonly<Record<string, readonly string[]>>;
  /** `gpus: all` becomes [{ count: 'all' }]; the gpu capability is implied by the key. */
  readonly gpus?: readonly DeviceRequest[];
  readonly group_add: readonly string[];
  readonly healthcheck?: Healthcheck;
  readonly hostname?: string;
  readonly image?: string;
  readonly init?: boolean;
  readonly ipc?: string;
  readonly isolation?: string;
  /** Paths of label files, as written (not read by normalize). */
  readonly label_file: readonly string[];
  readonly labels: StringRecord;
  readonly links: readonly ServiceLink[];
  readonly logging?: Logging;
  readonly mac_address?: string;
  readonly mem_limit?: Bytes;
  readonly mem_reservation?: Bytes;
  readonly mem_swappiness?: number;
  /** Bytes; -1 means unlimited swap. */
  readonly memswap_limit?: Bytes;
  readonly models: Readonly<Record<string, ServiceModel | null>>;
  readonly network_mode?: string;
  /**
   * null = attached with no per-service options. A service with neither `networks` nor
   * `network_mode` is attached to `default`.
   */
  readonly networks: Readonly<Record<string, ServiceNetwork | null>>;
  readonly oom_kill_disable?: boolean;
  readonly oom_score_adj?: number;
  readonly pid?: string;
  readonly pids_limit?: number;
  readonly platform?: string;
  readonly ports: readonly ServicePort[];
  readonly post_start: readonly ServiceHook[];
  readonly pre_stop: readonly ServiceHook[];
  readonly privileged?: boolean;
  readonly profiles: readonly string[];
  /** `provider:` passed through verbatim. */
  readonly provider?: JsonValue;
  readonly pull_policy?: string;
  readonly pull_refresh_after?: string;
  readonly read_only?: boolean;
  readonly restart?: string;
  readonly runtime?: string;
  readonly scale?: number;
  readonly secrets: readonly ServiceSecretRef[];
  readonly security_opt: readonly string[];
  readonly shm_size?: Bytes;
  readonly stdin_open?: boolean;
  readonly stop_grace_period?: Nanoseconds;
  readonly stop_signal?: string;
  readonly storage_opt: StringRecord;
  readonly sysctls: StringRecord;
  readonly tmpfs: readonly string[];
  readonly tty?: boolean;
  readonly ulimits: Readonly<Record<string, Ulimit>>;
  readonly use_api_socket?: boolean;
  readonly user?: string;
  readonly userns_mode?: string;
  readonly uts?: string;
  readonly volumes: readonly ServiceVolume[];
  readonly volumes_from: readonly VolumesFrom[];
  readonly working_dir?: string;
  readonly extensions: Extensions;
}


export interface Ipam {
  readonly driver?: string;
  readonly config: readonly IpamConfig[];
  readonly options: StringRecord;
}

export interface IpamConfig {
  readonly subnet?: string;
  readonly ip_range?: string;
  readonly gateway?: string;
  readonly aux_addresses: StringRecord;
}

export interface Network {
  /** The engine name: `<project>_<key>`, or `name:` when given, or the key when external. */
  readonly name: string;
  readonly driver?: string;
  readonly driver_opts: StringRecord;
  readonly ipam: Ipam;
  readonly external: boolean;
  readonly internal?: boolean;
  readonly attachable?: boolean;
  readonly enable_ipv4?: boolean;
  readonly enable_ipv6?: boolean;
  readonly labels: StringRecord;
  readonly extensions: Extensions;
}

export interface Volume {
  /** The engine name: `<project>_<key>`, or `name:` when given, or the key when external. */
  readonly name: string;
  readonly driver?: string;
  readonly driver_opts: StringRecord;
  readonly external: boolean;
  readonly labels: StringRecord;
  readonly extensions: Extensions;
}

/** A top-level secret. Exactly one of file/environment/content is set unless external. */
export interface Secret {
  /** `<project>_<key>`, or `name:` when given, or the key when external. */
  readonly name: string;
  /** Absolute. */
  readonly file?: string;
  /** Name of the variable whose value is the secret. */
  readonly environment?: string;
  readonly content?: string;
  readonly external: boolean;
  readonly labels: StringRecord;
  readonly driver?: string;
  readonly driver_opts: StringRecord;
  readonly template_driver?: string;
  readonly extensions: Extensions;
}

/** Top-level configs have the same shape as secrets. */
export type Config = Secret;

/** The parts of a Service in the IR (see model.ts for the conventions). */
import type { JsonValue } from '../parse/json.js';
import type { Bytes, Extensions, Nanoseconds, StringRecord } from './model.js';

export type PortProtocol = 'tcp' | 'udp' | 'sctp';

export interface ServicePort {
  readonly target: number;
  /** A port or a range (`9090-9091`); undefined = the engine picks a free host port. */
  readonly published?: string;
  readonly host_ip?: string;
  readonly protocol: PortProtocol;
  readonly mode: 'ingress' | 'host';
  readonly name?: string;
  readonly app_protocol?: string;
  readonly extensions?: Extensions;
}

export type VolumeType = 'bind' | 'volume' | 'tmpfs' | 'npipe' | 'image' | 'cluster';

export interface ServiceVolume {
  readonly type: VolumeType;
  /** Absolute host path for binds, volume key for named volumes, undefined for anonymous ones. */
  readonly source?: string;
  readonly target: string;
  readonly read_only: boolean;
  readonly consistency?: string;
  readonly bind?: {
    readonly propagation?: string;
    /** true for short-syntax binds (as docker compose does); long syntax defaults to false. */
    readonly create_host_path: boolean;
    readonly selinux?: 'z' | 'Z';
    readonly recursive?: string;
  };
  readonly volume?: {
    readonly nocopy: boolean;
    readonly subpath?: string;
    readonly labels?: StringRecord;
  };
  readonly tmpfs?: {
    readonly size?: Bytes;
    /** File mode as a number (strings are read as octal: "1777" → 0o1777). */
    readonly mode?: number;
  };
  readonly image?: { readonly subpath?: string };
  readonly extensions?: Extensions;
}

export interface ServiceDependency {
  readonly condition: 'service_started' | 'service_healthy' | 'service_completed_successfully';
  readonly restart: boolean;
  readonly required: boolean;
}

export interface ServiceNetwork {
  readonly aliases: readonly string[];
  readonly ipv4_address?: string;
  readonly ipv6_address?: string;
  readonly link_local_ips: readonly string[];
  readonly mac_address?: string;
  readonly priority?: number;
  readonly gw_priority?: number;
  readonly interface_name?: string;
  readonly driver_opts: StringRecord;
  readonly extensions?: Extensions;
}

/**
 * A secret as mounted in a service. `target` is what the user wrote, or the default: the source
 * name (mounted at /run/secrets/<source>; a relative target is relative to /run/secrets).
 */
export interface ServiceSecretRef {
  readonly source: string;
  readonly target: string;
  readonly uid?: string;
  readonly gid?: string;
  /** File mode as a number (strings are read as octal). */
  readonly mode?: number;
  readonly extensions?: Extensions;
}

/** A config as mounted in a service. `target` defaults to `/<source>`, as compose does. */
export interface ServiceConfigRef {
  readonly source: string;
  readonly target: string;
  readonly uid?: string;
  readonly gid?: string;
  readonly mode?: number;
  readonly extensions?: Extensions;
}

export interface ServiceLink {
  readonly service: string;
  /** Defaults to the service name. */
  readonly alias: string;
}

export interface VolumesFrom {
  /** A service name, or a container name when `container` is true (`container:NAME`). */
  readonly source: string;
  readonly container: boolean;
  readonly read_only: boolean;
}

export interface ServiceDevice {
  /** Host device path, or a CDI device name (`vendor.com/class=name`). */
  readonly source: string;
  readonly target?: string;
  readonly permissions?: string;
}

export interface DeviceRequest {
  readonly capabilities: readonly string[];
  readonly count?: number | 'all';
  readonly device_ids: readonly string[];
  readonly driver?: string;
  readonly options: StringRecord;
}

export interface Build {
  /** Absolute path or a remote (git/URL) context; defaults to the project directory. */
  readonly context: string;
  /** Defaults to `Dockerfile` unless `dockerfile_inline` is given. */
  readonly dockerfile?: string;
  readonly dockerfile_inline?: string;
  /** null = listed without a value and not set in the resolved environment. */
  readonly args: Readonly<Record<string, string | null>>;
  readonly additional_contexts: StringRecord;
  readonly cache_from: readonly string[];
  readonly cache_to: readonly string[];
  readonly entitlements: readonly string[];
  readonly extra_hosts: Readonly<Record<string, readonly string[]>>;
  readonly isolation?: string;
  readonly labels: StringRecord;
  readonly network?: string;
  readonly no_cache?: boolean;
  readonly platforms: readonly string[];
  readonly privileged?: boolean;
  readonly provenance?: JsonValue;
  readonly pull?: boolean;
  readonly sbom?: JsonValue;
  readonly secrets: readonly ServiceSecretRef[];
  readonly shm_size?: Bytes;
  /** id → path (null = the default agent socket). */
  readonly ssh: Readonly<Record<string, string | null>>;
  readonly tags: readonly string[];
  readonly target?: string;
  readonly ulimits: Readonly<Record<string, Ulimit>>;
  readonly extensions?: Extensions;
}

export interface Healthcheck {
  /** ["NONE"] disables the image's check; ["CMD-SHELL", s] for the string form; undefined = inherit. */
  readonly test?: readonly string[];
  readonly interval?: Nanoseconds;
  readonly timeout?: Nanoseconds;
  readonly start_period?: Nanoseconds;
  readonly start_interval?: Nanoseconds;
  readonly retries?: number;
  readonly extensions?: Extensions;
}

export interface Ulimit {
  readonly soft: number;
  readonly hard: number;
}

export interface Logging {
  readonly driver?: string;
  readonly options: StringRecord;
  readonly extensions?: Extensions;
}

export interface EnvFile {
  /** Absolute. */
  readonly path: string;
  readonly required: boolean;
  readonly format?: string;
}

export interface ServiceHook {
  readonly command: readonly string[];
  readonly user?: string;
  readonly privileged?: boolean;
  readonly working_dir?: string;
  readonly environment: Readonly<Record<string, string | null>>;
}

export interface ServiceModel {
  readonly endpoint_var?: string;
  readonly model_var?: string;
}

export interface CredentialSpec {
  readonly config?: string;
  readonly file?: string;
  readonly registry?: string;
}

export interface BlkioConfig {
  readonly weight?: number;
  readonly weight_device: readonly { readonly path: string; readonly weight: number }[];
  /** Rates in bytes per second. */
  readonly device_read_bps: readonly BlkioRate[];
  readonly device_write_bps: readonly BlkioRate[];
  /** Rates in operations per second. */
  readonly device_read_iops: readonly BlkioRate[];
  readonly device_write_iops: readonly BlkioRate[];
}

export interface BlkioRate {
  readonly path: string;
  readonly rate: number;
}


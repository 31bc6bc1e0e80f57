/**
 * What the single-host target produces: the exact Engine API bodies for a project's networks,
 * volumes and containers (one per replica), with the labels docker compose sets. Pure data:
 * deploy compares it with what runs and creates what differs; nothing here talks to an engine.
 *
 * Field names inside the `*Body` types are the Engine API's (PascalCase), as sent to
 * POST /networks/create, /volumes/create and /containers/create (API 1.41).
 */

export type Labels = Readonly<Record<string, string>>;

export interface EngineDesired {
  readonly project: string;
  readonly networks: readonly DesiredNetwork[];
  readonly volumes: readonly DesiredVolume[];
  /** In dependency order (a service after everything it depends on); ties by name. */
  readonly services: readonly DesiredService[];
}

export interface DesiredNetwork {
  /** The key under `networks:` in the compose file. */
  readonly key: string;
  /** The engine name (`<project>_<key>` unless named or external). */
  readonly name: string;
  readonly external: boolean;
  /** Undefined for external networks: they are looked up, never created. */
  readonly create?: NetworkCreateBody;
}

export interface NetworkCreateBody {
  readonly Name: string;
  readonly Driver: string;
  readonly Options: Labels;
  readonly IPAM: {
    readonly Driver: string;
    readonly Config: readonly { readonly Subnet?: string; readonly IPRange?: string; readonly Gateway?: string; readonly AuxiliaryAddresses?: Labels }[];
    readonly Options: Labels;
  };
  readonly Internal: boolean;
  readonly Attachable: boolean;
  readonly EnableIPv6: boolean;
  readonly CheckDuplicate: boolean;
  readonly Labels: Labels;
}

export interface DesiredVolume {
  readonly key: string;
  readonly name: string;
  readonly external: boolean;
  readonly create?: VolumeCreateBody;
}

export interface VolumeCreateBody {
  readonly Name: string;
  readonly Driver: string;
  readonly DriverOpts: Labels;
  readonly Labels: Labels;
}

export type DependencyCondition = 'service_started' | 'service_healthy' | 'service_completed_successfully';

export interface DesiredService {
  readonly name: string;
  readonly replicas: number;
  /** Changes exactly when the container configuration of the service changes. */
  readonly configHash: string;
  /** Image to run; for services with `build:` this is the image the build tags. */
  readonly image: string;
  readonly build?: BuildSpec;
  readonly pullPolicy: 'always' | 'missing' | 'never' | 'build';
  /** `platform:` (os[/arch[/variant]]), for pull, build and the create request's `platform` query parameter. */
  readonly platform?: string;
  readonly dependsOn: Readonly<Record<string, { readonly condition: DependencyCondition; readonly required: boolean; readonly restart: boolean }>>;
  /** One per replica, numbered from 1. */
  readonly containers: readonly DesiredContainer[];
}

export interface BuildSpec {
  /** Absolute context directory. */
  readonly context: string;
  readonly dockerfile: string;
  readonly args: Labels;
  readonly target?: string;
  readonly labels: Labels;
  readonly tags: readonly string[];
  /** The /build query parameters below are present only when the project sets them. */
  readonly cacheFrom?: readonly string[];
  /** `host:ip` entries (the `extrahosts` query parameter). */
  readonly extraHosts?: readonly string[];
  /** `networkmode` query parameter. */
  readonly network?: string;
  readonly noCache?: boolean;
  readonly pull?: boolean;
  /** Bytes. */
  readonly shmSize?: number;
  readonly platform?: string;
}

export interface DesiredContainer {
  readonly service: string;
  readonly number: number;
  /** `<project>-<service>-<number>`, or the service's `container_name`. */
  readonly name: string;
  readonly create: ContainerCreateBody;
  /**
   * Networks beyond the first: API 1.41 attaches one network at create time, the rest are
   * connected (POST /networks/{id}/connect) before the container starts.
   */
  readonly connect: readonly { readonly network: string; readonly endpoint: EndpointSettings }[];
}

export interface EndpointSettings {
  readonly Aliases?: readonly string[];
  readonly Links?: readonly string[];
  readonly IPAMConfig?: { readonly IPv4Address?: string; readonly IPv6Address?: string; readonly LinkLocalIPs?: readonly string[] };
  readonly MacAddress?: string;
  readonly DriverOpts?: Labels;
}

/** POST /containers/create body. Only fields the project sets are present. */
export interface ContainerCreateBody {
  readonly Image: string;
  readonly Labels: Labels;
  readonly Cmd?: readonly string[];
  readonly Entrypoint?: readonly string[];
  readonly Env?: readonly string[];
  readonly ExposedPorts?: Readonly<Record<string, Record<string, never>>>;
  readonly Hostname?: string;
  readonly Domainname?: string;
  readonly User?: string;
  readonly WorkingDir?: string;
  readonly Tty?: boolean;
  readonly OpenStdin?: boolean;
  readonly StopSignal?: string;
  readonly StopTimeout?: number;
  readonly Healthcheck?: {
    readonly Test?: readonly string[];
    readonly Interval?: number;
    readonly Timeout?: number;
    readonly StartPeriod?: number;
    readonly StartInterval?: number;
    readonly Retries?: number;
  };
  readonly MacAddress?: string;
  readonly HostConfig: HostConfig;
  readonly NetworkingConfig?: { readonly EndpointsConfig: Readonly<Record<string, EndpointSettings>> };
}

/** The HostConfig fields compose services map to; see the Engine API for each. */
export interface HostConfig {
  readonly Binds?: readonly string[];
  readonly Mounts?: readonly Mount[];
  readonly Tmpfs?: Labels;
  readonly PortBindings?: Readonly<Record<string, readonly { readonly HostIp: string; readonly HostPort: string }[]>>;
  readonly NetworkMode?: string;
  readonly RestartPolicy?: { readonly Name: string; readonly MaximumRetryCount?: number };
  readonly Links?: readonly string[];
  readonly ExtraHosts?: readonly string[];
  readonly Dns?: readonly string[];
  readonly DnsOptions?: readonly string[];
  readonly DnsSearch?: readonly string[];
  readonly CapAdd?: readonly string[];
  readonly CapDrop?: readonly string[];
  readonly Privileged?: boolean;
  readonly ReadonlyRootfs?: boolean;
  readonly Init?: boolean;
  readonly SecurityOpt?: readonly string[];
  readonly Devices?: readonly { readonly PathOnHost: string; readonly PathInContainer: string; readonly CgroupPermissions: string }[];
  readonly ShmSize?: number;
  readonly Sysctls?: Labels;
  readonly Ulimits?: readonly { readonly Name: string; readonly Soft: number; readonly Hard: number }[];
  readonly LogConfig?: { readonly Type: string; readonly Config: Labels };
  readonly NanoCpus?: number;
  readonly CpuShares?: number;
  readonly CpuPeriod?: number;
  readonly CpuQuota?: number;
  readonly CpusetCpus?: string;
  readonly Memory?: number;
  readonly MemoryReservation?: number;
  readonly MemorySwap?: number;
  readonly PidsLimit?: number;
  readonly PidMode?: string;
  readonly IpcMode?: string;
  readonly UsernsMode?: string;
  readonly UTSMode?: string;
  readonly GroupAdd?: readonly string[];
  readonly OomKillDisable?: boolean;
  readonly OomScoreAdj?: number;
  readonly VolumesFrom?: readonly string[];
  readonly Isolation?: string;
  readonly Runtime?: string;
  readonly CgroupParent?: string;
  readonly CgroupnsMode?: string;
  readonly StorageOpt?: Labels;
  readonly DeviceCgroupRules?: readonly string[];
  readonly DeviceRequests?: readonly DeviceRequest[];
  readonly BlkioWeight?: number;
  readonly BlkioWeightDevice?: readonly { readonly Path: string; readonly Weight: number }[];
  readonly BlkioDeviceReadBps?: readonly ThrottleDevice[];
  readonly BlkioDeviceWriteBps?: readonly ThrottleDevice[];
  readonly BlkioDeviceReadIOps?: readonly ThrottleDevice[];
  readonly BlkioDeviceWriteIOps?: readonly ThrottleDevice[];
  /** Microseconds. */
  readonly CpuRealtimePeriod?: number;
  /** Microseconds. */
  readonly CpuRealtimeRuntime?: number;
  readonly CpuCount?: number;
  readonly CpuPercent?: number;
  readonly MemorySwappiness?: number;
  /** Set to [] by `security_opt: [systempaths=unconfined]`. */
  readonly MaskedPaths?: readonly string[];
  readonly ReadonlyPaths?: readonly string[];
}

export interface DeviceRequest {
  readonly Driver: string;
  /** -1 = all devices. */
  readonly Count: number;
  readonly DeviceIDs: readonly string[];
  readonly Capabilities: readonly (readonly string[])[];
  readonly Options: Labels;
}

export interface ThrottleDevice {
  readonly Path: string;
  readonly Rate: number;
}

export interface Mount {
  readonly Type: 'bind' | 'volume' | 'tmpfs' | 'npipe';
  readonly Source?: string;
  readonly Target: string;
  readonly ReadOnly?: boolean;
  readonly Consistency?: string;
  readonly BindOptions?: { readonly Propagation?: string; readonly CreateMountpoint?: boolean };
  readonly VolumeOptions?: { readonly NoCopy?: boolean; readonly Labels?: Labels; readonly Subpath?: string };
  readonly TmpfsOptions?: { readonly SizeBytes?: number; readonly Mode?: number };
}

/**
 * What the swarm target produces: the overlay networks, secrets, configs and services of one
 * stack, as the exact bodies of POST /networks/create, /secrets/create, /configs/create and
 * /services/create (API 1.41). Pure data: deploy compares it with what runs and writes what
 * differs; nothing here talks to an engine.
 *
 * Field names inside the `*Body`/`*Spec` types are the Engine API's (PascalCase). Only fields the
 * project sets are present, except where a default is written out on purpose (documented on the
 * field), so that the desired spec reads back equal from GET /services/{id}.
 */

export type Labels = Readonly<Record<string, string>>;

export interface SwarmDesired {
  readonly stack: string;
  /** Sorted by key. Only networks some service attaches to, as docker stack deploy does. */
  readonly networks: readonly DesiredOverlayNetwork[];
  /** Every top-level secret (used or not, as docker stack deploy does), sorted by key. */
  readonly secrets: readonly DesiredSecret[];
  readonly configs: readonly DesiredConfig[];
  /** Sorted by service name: swarm has no start order. */
  readonly services: readonly DesiredSwarmService[];
}

export interface DesiredOverlayNetwork {
  /** The key under `networks:` (`default` for the implicit one). */
  readonly key: string;
  /** `<stack>_<key>`, `name:` as written, or the external name. */
  readonly name: string;
  readonly external: boolean;
  /** Undefined for external networks: deploy looks them up (they must be swarm-scoped). */
  readonly create?: NetworkCreateBody;
}

export interface NetworkCreateBody {
  readonly Name: string;
  /** `overlay` unless the file names another driver. */
  readonly Driver: string;
  /** Always `swarm`: a swarm-scoped network even for a local driver such as bridge. */
  readonly Scope: 'swarm';
  readonly Options: Labels;
  readonly IPAM: {
    readonly Driver: string;
    readonly Config: readonly IpamConfig[];
    readonly Options: Labels;
  };
  readonly Internal: boolean;
  readonly Attachable: boolean;
  readonly EnableIPv6?: boolean;
  readonly CheckDuplicate: boolean;
  /** The file's labels plus `com.docker.stack.namespace`. */
  readonly Labels: Labels;
}

export interface IpamConfig {
  readonly Subnet?: string;
  readonly IPRange?: string;
  readonly Gateway?: string;
  readonly AuxiliaryAddresses?: Labels;
}

/**
 * Where deploy reads a secret's or config's content. Lowering never reads it: the name carries
 * a digest of the content that the caller supplies (SwarmLowerOptions.contentDigest).
 */
export type ContentSource =
  | { readonly file: string }
  | { readonly environment: string }
  | { readonly content: string };

export interface DesiredSecret {
  /** The key under top-level `secrets:`. */
  readonly key: string;
  /**
   * `<stack>_<key>_<first 10 hex digits of the content's sha256>` (or `<name:>_<digest>` when the
   * file names it): a changed content is a new secret, so services roll onto it instead of
   * failing with "only updates to Labels are allowed". External: the name looked up as is.
   * Driver-backed (no content here): `<stack>_<key>`, unversioned.
   */
  readonly name: string;
  readonly external: boolean;
  /** Undefined for external and driver-backed secrets. */
  readonly source?: ContentSource;
  /** Undefined for external secrets. Deploy adds `Data` (base64 of the content) when sending it. */
  readonly create?: SecretCreateBody;
}

export interface SecretCreateBody {
  readonly Name: string;
  /** The file's labels plus `com.docker.stack.namespace`. */
  readonly Labels: Labels;
  readonly Driver?: { readonly Name: string; readonly Options?: Labels };
  readonly Templating?: { readonly Name: string };
}

/** Configs have the same shape; they take no `Driver`. */
export type DesiredConfig = DesiredSecret;
export type ConfigCreateBody = Omit<SecretCreateBody, 'Driver'>;

export interface DesiredSwarmService {
  /** The key under `services:`. */
  readonly key: string;
  /** `<stack>_<key>`. */
  readonly name: string;
  readonly spec: ServiceSpec;
}

/** POST /services/create body (API 1.41). */
export interface ServiceSpec {
  readonly Name: string;
  /** deploy.labels plus `com.docker.stack.namespace` and `com.docker.stack.image`. */
  readonly Labels: Labels;
  readonly TaskTemplate: TaskSpec;
  readonly Mode: ServiceMode;
  readonly UpdateConfig?: UpdateConfig;
  readonly RollbackConfig?: UpdateConfig;
  /** Always present, Mode written out (`vip` is what the engine stores when none is sent). */
  readonly EndpointSpec: EndpointSpec;
}

export interface TaskSpec {
  readonly ContainerSpec: ContainerSpec;
  readonly Resources?: ResourceRequirements;
  readonly RestartPolicy?: RestartPolicy;
  readonly Placement?: Placement;
  /** Sorted by Target. */
  readonly Networks?: readonly NetworkAttachment[];
  readonly LogDriver?: { readonly Name: string; readonly Options?: Labels };
}

export interface ContainerSpec {
  /** As written; deploy may pin it to a digest (`--resolve-image`), the label keeps the original. */
  readonly Image: string;
  /** The service's `labels:` plus `com.docker.stack.namespace`. */
  readonly Labels: Labels;
  /** `entrypoint:`. */
  readonly Command?: readonly string[];
  /** `command:`. */
  readonly Args?: readonly string[];
  readonly Hostname?: string;
  /** `K=V`, sorted. */
  readonly Env?: readonly string[];
  readonly Dir?: string;
  readonly User?: string;
  readonly Groups?: readonly string[];
  readonly Privileges?: { readonly CredentialSpec?: { readonly File?: string; readonly Registry?: string } };
  readonly Init?: boolean;
  readonly TTY?: boolean;
  readonly OpenStdin?: boolean;
  readonly ReadOnly?: boolean;
  /** Sorted by Target. */
  readonly Mounts?: readonly Mount[];
  readonly StopSignal?: string;
  /** Nanoseconds. */
  readonly StopGracePeriod?: number;
  readonly Healthcheck?: HealthConfig;
  /** `IP host` lines, as swarm wants /etc/hosts entries. */
  readonly Hosts?: readonly string[];
  readonly DNSConfig?: { readonly Nameservers?: readonly string[]; readonly Search?: readonly string[]; readonly Options?: readonly string[] };
  /** Sorted by SecretName. */
  readonly Secrets?: readonly SecretReference[];
  /** Sorted by ConfigName. */
  readonly Configs?: readonly ConfigReference[];
  readonly Isolation?: string;
  readonly Sysctls?: Labels;
  /** Normalized as docker does (`CAP_` prefix, upper case, `ALL` wins), sorted. */
  readonly CapabilityAdd?: readonly string[];
  readonly CapabilityDrop?: readonly string[];
  /** Sorted by Name. */
  readonly Ulimits?: readonly { readonly Name: string; readonly Soft: number; readonly Hard: number }[];
}

export interface HealthConfig {
  readonly Test?: readonly string[];
  readonly Interval?: number;
  readonly Timeout?: number;
  readonly StartPeriod?: number;
  readonly Retries?: number;
}

export interface Mount {
  readonly Type: 'bind' | 'volume' | 'tmpfs' | 'npipe';
  readonly Source?: string;
  readonly Target: string;
  readonly ReadOnly?: boolean;
  readonly Consistency?: string;
  readonly BindOptions?: { readonly Propagation?: string };
  readonly VolumeOptions?: {
    readonly NoCopy?: boolean;
    readonly Labels?: Labels;
    readonly DriverConfig?: { readonly Name?: string; readonly Options?: Labels };
  };
  readonly TmpfsOptions?: { readonly SizeBytes?: number; readonly Mode?: number };
}

export interface FileTarget {
  /** Secrets: relative to /run/secrets unless absolute. Configs: the path in the container. */
  readonly Name: string;
  readonly UID: string;
  readonly GID: string;
  /** File mode (0o444 = 292 unless the file says otherwise). */
  readonly Mode: number;
}

export interface SecretReference {
  readonly File: FileTarget;
  /** Absent here: deploy fills it in with the ID of the secret named SecretName. */
  readonly SecretID?: string;
  readonly SecretName: string;
}

export interface ConfigReference {
  readonly File: FileTarget;
  /** Absent here: deploy fills it in with the ID of the config named ConfigName. */
  readonly ConfigID?: string;
  readonly ConfigName: string;
}

export interface ResourceRequirements {
  readonly Limits?: { readonly NanoCPUs?: number; readonly MemoryBytes?: number; readonly Pids?: number };
  readonly Reservations?: {
    readonly NanoCPUs?: number;
    readonly MemoryBytes?: number;
    readonly GenericResources?: readonly { readonly DiscreteResourceSpec: { readonly Kind: string; readonly Value: number } }[];
  };
}

export interface RestartPolicy {
  readonly Condition?: 'none' | 'on-failure' | 'any';
  /** Nanoseconds. */
  readonly Delay?: number;
  readonly MaxAttempts?: number;
  /** Nanoseconds. */
  readonly Window?: number;
}

export interface Placement {
  /** Sorted: constraints all apply, their order means nothing. */
  readonly Constraints?: readonly string[];
  /** In the file's order: each spreads within the previous one. */
  readonly Preferences?: readonly { readonly Spread: { readonly SpreadDescriptor: string } }[];
  readonly MaxReplicas?: number;
}

export interface NetworkAttachment {
  /** The network's name (`<stack>_<key>`, `name:`, or the external name). */
  readonly Target: string;
  /** The file's aliases, then the service name (on user-defined networks), as docker stack deploy sends them. */
  readonly Aliases?: readonly string[];
  readonly DriverOpts?: Labels;
}

export type ServiceMode =
  | { readonly Replicated: { readonly Replicas?: number } }
  | { readonly Global: Record<string, never> }
  | { readonly ReplicatedJob: { readonly MaxConcurrent?: number; readonly TotalCompletions?: number } }
  | { readonly GlobalJob: Record<string, never> };

export interface UpdateConfig {
  /** Always written: 1 unless the file says otherwise (docker stack deploy's default). */
  readonly Parallelism: number;
  readonly Delay?: number;
  readonly FailureAction?: string;
  readonly Monitor?: number;
  readonly MaxFailureRatio?: number;
  readonly Order?: 'start-first' | 'stop-first';
}

export interface EndpointSpec {
  readonly Mode: 'vip' | 'dnsrr';
  /** Sorted by PublishedPort, then TargetPort, Protocol and PublishMode. */
  readonly Ports?: readonly PortConfig[];
}

export interface PortConfig {
  readonly Name?: string;
  readonly Protocol: 'tcp' | 'udp' | 'sctp';
  readonly TargetPort: number;
  /** Absent: swarm picks one (30000-32767) for ingress ports. */
  readonly PublishedPort?: number;
  readonly PublishMode: 'ingress' | 'host';
}

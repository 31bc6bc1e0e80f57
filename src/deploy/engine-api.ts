/**
 * The part of the Engine API stackc uses, as one narrow interface: deploy logic depends on this,
 * not on the HTTP client, so unit tests can run it against a recording fake and the e2e tests against
 * a real dockerd. Reads and writes are separate methods so writes can be counted.
 */
import type { ContainerCreateBody, EndpointSettings, NetworkCreateBody, VolumeCreateBody } from '../targets/engine/desired.js';
import type { NetworkCreateBody as OverlayCreateBody } from '../targets/swarm/desired.js';

export interface ContainerSummary {
  readonly id: string;
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  /** created, running, paused, restarting, removing, exited, dead */
  readonly state: string;
  readonly status: string;
  readonly image: string;
  /** The ID of the image the container was created from. */
  readonly imageId: string;
  readonly ports: readonly { readonly ip?: string; readonly privatePort: number; readonly publicPort?: number; readonly type: string }[];
}

export interface ContainerDetails {
  readonly id: string;
  readonly name: string;
  readonly state: {
    readonly status: string;
    readonly running: boolean;
    readonly exitCode: number;
    readonly health?: string;
    readonly error?: string;
  };
  readonly labels: Readonly<Record<string, string>>;
  readonly networks: Readonly<Record<string, { readonly ipAddress: string; readonly aliases: readonly string[] }>>;
  /** The engine's Config and HostConfig as inspect returns them, for field-level diffs. */
  readonly config: Readonly<Record<string, unknown>>;
  readonly hostConfig: Readonly<Record<string, unknown>>;
}

/** What an image contributes to its containers' Config (env, labels, ports, ...). */
export type ImageConfig = Readonly<Record<string, unknown>>;

export interface NetworkSummary {
  readonly id: string;
  readonly name: string;
  readonly driver: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly containers: number;
  /** What else it was created with, to compare with the file (drift.ts). */
  readonly settings: NetworkSettings;
}

/**
 * A network's settings as the engine reports them, its own additions included. A swarm manager
 * reports the driver options and address pools it allocated, so for a swarm-scoped network of a
 * node-local driver (bridge) it reports neither: then they are undefined, not empty.
 */
export interface NetworkSettings {
  readonly options?: Readonly<Record<string, string>>;
  readonly ipam?: {
    readonly driver: string;
    readonly config: readonly { readonly Subnet?: string; readonly IPRange?: string; readonly Gateway?: string; readonly AuxiliaryAddresses?: Readonly<Record<string, string>> }[];
    readonly options: Readonly<Record<string, string>>;
  };
  readonly internal: boolean;
  readonly attachable: boolean;
  readonly enableIPv6: boolean;
}

export interface VolumeSummary {
  readonly name: string;
  readonly driver: string;
  readonly labels: Readonly<Record<string, string>>;
  /** Its driver options (`driver_opts`), to compare with the file (drift.ts). */
  readonly options: Readonly<Record<string, string>>;
}

export type Progress = (line: string) => void;

export interface BuildRequest {
  readonly context: string;
  readonly dockerfile: string;
  readonly tags: readonly string[];
  readonly args: Readonly<Record<string, string>>;
  readonly target?: string;
  readonly labels: Readonly<Record<string, string>>;
}

export interface EngineApi {
  readonly endpoint: string;
  ping(): Promise<void>;
  // reads
  listContainers(filter: { labels: readonly string[]; all: boolean }): Promise<ContainerSummary[]>;
  inspectContainer(id: string): Promise<ContainerDetails>;
  listNetworks(filter: { labels?: readonly string[]; names?: readonly string[] }): Promise<NetworkSummary[]>;
  listVolumes(filter: { labels?: readonly string[]; names?: readonly string[] }): Promise<VolumeSummary[]>;
  /** The local image's ID, or undefined when the engine does not have it. */
  imageId(ref: string): Promise<string | undefined>;
  /** The ID of some local image, if there is any (the lock container needs one). */
  anyImage(): Promise<string | undefined>;
  /** The registry digests a local image was pulled by or pushed with ([] when it was only built or imported here), or undefined when the engine does not have it. */
  repoDigests(ref: string): Promise<readonly string[] | undefined>;
  /** The image's Config (its defaults for containers), or undefined when it is not local. */
  imageConfig(ref: string): Promise<ImageConfig | undefined>;
  /** Streams a container's output line by line until it ends (or `signal` aborts when following). */
  logs(id: string, options: { follow: boolean; tail?: number; signal?: AbortSignal }, onLine: (line: string, stream: 'stdout' | 'stderr') => void): Promise<void>;
  // writes
  createNetwork(body: NetworkCreateBody | OverlayCreateBody): Promise<string>;
  removeNetwork(id: string): Promise<void>;
  connectNetwork(network: string, container: string, endpoint: EndpointSettings): Promise<void>;
  createVolume(body: VolumeCreateBody): Promise<void>;
  removeVolume(name: string): Promise<void>;
  createContainer(name: string, body: ContainerCreateBody): Promise<string>;
  startContainer(id: string): Promise<void>;
  stopContainer(id: string, timeoutSeconds?: number): Promise<void>;
  removeContainer(id: string, options: { volumes: boolean; force: boolean }): Promise<void>;
  renameContainer(id: string, name: string): Promise<void>;
  pullImage(ref: string, progress: Progress): Promise<void>;
  buildImage(request: BuildRequest, progress: Progress): Promise<void>;
  removeImage(ref: string): Promise<void>;
  /** Runs a command in a running container, wired to the given streams; resolves to its exit code. */
  exec(id: string, request: ExecRequest, io: ExecStreams): Promise<number>;
}

export interface ExecRequest {
  readonly cmd: readonly string[];
  readonly tty: boolean;
  readonly interactive: boolean;
  readonly user?: string;
  readonly workdir?: string;
  readonly env?: readonly string[];
}

export interface ExecStreams {
  readonly stdin?: NodeJS.ReadableStream;
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
}

/** An engine error with the HTTP status and the engine's own message, for users to read. */
export class EngineError extends Error {
  constructor(
    message: string,
    readonly status: number | undefined,
  ) {
    super(message);
  }
}

/** The engine refused to create something under a name that is taken (409; swarm's AlreadyExists). */
export function isNameConflict(error: unknown): boolean {
  return error instanceof EngineError && (error.status === 409 || /already (exists|in use)|conflict/i.test(error.message));
}

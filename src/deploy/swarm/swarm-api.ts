/**
 * The swarm part of the Engine API stackc uses, narrow like EngineApi: services, tasks, nodes,
 * secrets and configs. Networks go through EngineApi. Reads and writes are separate methods.
 */
import type { ConfigCreateBody, SecretCreateBody, ServiceSpec } from '../../targets/swarm/desired.js';

export interface ServiceState {
  readonly id: string;
  readonly name: string;
  readonly version: number;
  readonly labels: Readonly<Record<string, string>>;
  /** The spec as the engine stores it. */
  readonly spec: ServiceSpec;
  readonly updateState?: string;
  readonly updateMessage?: string;
}

/** A published port as the service's endpoint has it: a port the spec left to swarm has its number here. */
export interface EndpointPort {
  readonly protocol: string;
  readonly target: number;
  readonly published: number;
  readonly mode: string;
}

/** A service with what `docker stack services` shows of it. */
export interface ServiceListing extends ServiceState {
  readonly ports: readonly EndpointPort[];
  /** Task counts the manager keeps (API 1.41, engine 20.10); absent from older engines. */
  readonly status?: { readonly running: number; readonly desired: number; readonly completed: number };
}

export interface TaskState {
  readonly id: string;
  readonly serviceId: string;
  readonly nodeId: string;
  readonly slot?: number;
  readonly desiredState: string;
  readonly state: string;
  readonly message: string;
  readonly error?: string;
  /** When the task reached its current state. */
  readonly timestamp: string;
  readonly createdAt: string;
  readonly image: string;
  readonly containerId?: string;
  /** Host-mode ports the task published on its node. */
  readonly ports: readonly EndpointPort[];
}

export interface NodeState {
  readonly id: string;
  /** What docker calls the node: the name it was given (docker node update), else its hostname. */
  readonly name: string;
  readonly role: string;
  readonly state: string;
  readonly availability: string;
}

export interface ObjectRef {
  readonly id: string;
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
}

/** Credentials for the image's registry, sent so that every node can pull it. */
export interface RegistryAuth {
  readonly username?: string;
  readonly password?: string;
  readonly auth?: string;
  readonly serveraddress: string;
}

export interface SwarmApi {
  listServices(labels: readonly string[]): Promise<ServiceState[]>;
  /** As listServices, with task counts and endpoints (the manager counts the tasks of each). */
  listServiceStatus(labels: readonly string[]): Promise<ServiceListing[]>;
  listTasks(filter: { service?: string; labels?: readonly string[] }): Promise<TaskState[]>;
  listNodes(): Promise<NodeState[]>;
  listSecrets(labels: readonly string[]): Promise<ObjectRef[]>;
  listConfigs(labels: readonly string[]): Promise<ObjectRef[]>;
  /** Secrets/configs by exact name (external ones have no stack label). */
  findSecret(name: string): Promise<ObjectRef | undefined>;
  findConfig(name: string): Promise<ObjectRef | undefined>;
  createService(spec: ServiceSpec, registryAuth?: RegistryAuth): Promise<string>;
  updateService(id: string, version: number, spec: ServiceSpec, registryAuth?: RegistryAuth): Promise<void>;
  removeService(id: string): Promise<void>;
  createSecret(body: SecretCreateBody & { readonly Data: string }): Promise<string>;
  removeSecret(id: string): Promise<void>;
  createConfig(body: ConfigCreateBody & { readonly Data: string }): Promise<string>;
  removeConfig(id: string): Promise<void>;
  /**
   * Asks the manager to look `image` up on its registry with `registryAuth`, as a node's pull
   * would (GET /distribution/{image}/json): the digest the reference names there now, or the
   * registry's reason for not saying (unauthorized, not found, unreachable).
   */
  distribution(image: string, registryAuth?: RegistryAuth, signal?: AbortSignal): Promise<RegistryAnswer>;
}

/** What a registry answered for an image reference. */
export type RegistryAnswer = { readonly digest: string } | { readonly problem: string };

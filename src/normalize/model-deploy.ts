/** A service's `deploy:` block in the IR (see model.ts for the conventions). */
import type { Bytes, Extensions, NanoCpus, Nanoseconds, StringRecord } from './model.js';
import type { DeviceRequest } from './model-service.js';

export interface Deploy {
  /** Defaults to 'replicated'. */
  readonly mode: 'replicated' | 'global' | 'replicated-job' | 'global-job';
  readonly replicas?: number;
  readonly endpoint_mode?: 'vip' | 'dnsrr';
  readonly labels: StringRecord;
  readonly resources: Resources;
  readonly restart_policy?: RestartPolicy;
  readonly update_config?: UpdateConfig;
  readonly rollback_config?: UpdateConfig;
  readonly placement: Placement;
  readonly extensions?: Extensions;
}

export interface Resources {
  readonly limits?: ResourceLimits;
  readonly reservations?: ResourceReservations;
}

export interface ResourceLimits {
  /** Nano-cpus, despite the name. */
  readonly cpus?: NanoCpus;
  readonly memory?: Bytes;
  readonly pids?: number;
}

export interface ResourceReservations {
  /** Nano-cpus, despite the name. */
  readonly cpus?: NanoCpus;
  readonly memory?: Bytes;
  readonly devices: readonly DeviceRequest[];
  readonly generic_resources: readonly GenericResource[];
}

export interface GenericResource {
  readonly discrete_resource_spec?: { readonly kind: string; readonly value: number };
}

export interface RestartPolicy {
  readonly condition?: 'none' | 'on-failure' | 'any';
  readonly delay?: Nanoseconds;
  readonly max_attempts?: number;
  readonly window?: Nanoseconds;
}

export interface UpdateConfig {
  readonly parallelism?: number;
  readonly delay?: Nanoseconds;
  readonly failure_action?: string;
  readonly monitor?: Nanoseconds;
  readonly max_failure_ratio?: number;
  readonly order?: 'start-first' | 'stop-first';
}

export interface Placement {
  readonly constraints: readonly string[];
  readonly preferences: readonly { readonly spread: string }[];
  readonly max_replicas_per_node?: number;
}


/**
 * The Engine API's swarm JSON → the models observe reads. Pure, so that the client
 * (docker-swarm.ts) and the tests that replay answers recorded from a real engine
 * (tests/unit/swarm/golden-plan.test.ts) read them the same way.
 */
import type { ServiceSpec } from '../../targets/swarm/desired.js';
import type { EndpointPort, ObjectRef, ServiceListing, ServiceState } from './swarm-api.js';

type Json = Record<string, any>;

/** A service, secret or config as its name and labels (what the plan matches on). */
export function objectRef(o: Json): ObjectRef {
  return { id: String(o.ID), name: String(o.Spec?.Name ?? ''), labels: (o.Spec?.Labels ?? {}) as Record<string, string> };
}

/** An entry of GET /services. */
export function serviceState(s: Json): ServiceState {
  return {
    id: String(s.ID),
    name: String(s.Spec.Name),
    version: Number(s.Version?.Index ?? 0),
    labels: (s.Spec.Labels ?? {}) as Record<string, string>,
    spec: s.Spec as ServiceSpec,
    ...(s.UpdateStatus?.State ? { updateState: String(s.UpdateStatus.State) } : {}),
    ...(s.UpdateStatus?.Message ? { updateMessage: String(s.UpdateStatus.Message) } : {}),
  };
}

/** A time the engine wrote, or undefined for none: Go writes its zero time (year 1) for an unset one. */
export function engineTime(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' && !value.startsWith('0001-01-01') ? value : undefined;
}

/** A port of a service's endpoint or of a task's port status. */
export function endpointPort(p: Json): EndpointPort {
  return { protocol: String(p.Protocol ?? 'tcp'), target: Number(p.TargetPort ?? 0), published: Number(p.PublishedPort ?? 0), mode: String(p.PublishMode ?? 'ingress') };
}

/** An entry of GET /services?status=true. */
export function serviceListing(s: Json): ServiceListing {
  const status = s.ServiceStatus as Json | undefined;
  return {
    ...serviceState(s),
    ports: ((s.Endpoint?.Ports ?? []) as Json[]).map(endpointPort),
    ...(status
      ? { status: { running: Number(status.RunningTasks ?? 0), desired: Number(status.DesiredTasks ?? 0), completed: Number(status.CompletedTasks ?? 0) } }
      : {}),
  };
}

/**
 * One service → the container template every replica is made from: the create body (Config +
 * HostConfig + the first network) and the networks connected after create. Per-replica fields
 * (container number label, config hash label) are added by `replicaContainer`.
 */
import type { Service } from '../../normalize/model.js';
import { type LowerContext } from './context.js';
import type { ContainerCreateBody, DesiredContainer, Labels } from './desired.js';
import { serviceNetworking } from './endpoints.js';
import type { ContainerTemplate } from './hash.js';
import { healthcheck } from './healthcheck.js';
import { hostConfig } from './host-config.js';
import { replicaLabels } from './labels.js';
import { containerName } from './names.js';
import { exposedPorts } from './ports.js';
import { compact } from './records.js';

const NS_PER_SECOND = 1e9;

export function containerTemplate(service: Service, image: string, labels: Labels, ctx: LowerContext): ContainerTemplate {
  const networking = serviceNetworking(service, ctx);
  const create = compact<ContainerCreateBody>({
    Image: image,
    Labels: labels,
    Cmd: service.command === null ? undefined : [...service.command],
    Entrypoint: service.entrypoint === null ? undefined : [...service.entrypoint],
    Env: env(service.environment),
    ExposedPorts: exposedPorts(service),
    Hostname: service.hostname,
    Domainname: service.domainname,
    User: service.user,
    WorkingDir: service.working_dir,
    Tty: service.tty,
    OpenStdin: service.stdin_open,
    StopSignal: service.stop_signal,
    StopTimeout: stopTimeout(service.stop_grace_period),
    Healthcheck: healthcheck(service.name, service.healthcheck, ctx),
    MacAddress: service.mac_address ?? networking.MacAddress,
    HostConfig: hostConfig(service, ctx, networking),
    NetworkingConfig: networking.EndpointsConfig ? { EndpointsConfig: networking.EndpointsConfig } : undefined,
  });
  return compact<ContainerTemplate>({ create, connect: networking.connect, containerName: service.container_name });
}

/** `K=V`, sorted by key; a variable with no value (null) is left out. */
export function env(environment: Service['environment']): string[] | undefined {
  const keys = Object.keys(environment).sort().filter((k) => environment[k] !== null);
  return keys.length ? keys.map((k) => `${k}=${environment[k]}`) : undefined;
}

/** Seconds, rounded up, so a grace period is never shortened. */
export function stopTimeout(ns: number | undefined): number | undefined {
  return ns === undefined ? undefined : Math.ceil(ns / NS_PER_SECOND);
}

export function replicaContainer(service: Service, template: ContainerTemplate, number: number, hash: string, ctx: LowerContext): DesiredContainer {
  return {
    service: service.name,
    number,
    name: containerName(ctx.project.name, service, number),
    create: { ...template.create, Labels: replicaLabels(template.create.Labels, number, hash) },
    connect: template.connect,
  };
}

/**
 * HostConfig of a service's containers: mounts, ports, network mode, restart, resources and the
 * namespace/security keys. Only keys the project sets are present.
 */
import type { Service } from '../../normalize/model.js';
import { servicePath, unsupported, type LowerContext } from './context.js';
import type { HostConfig } from './desired.js';
import type { Networking } from './endpoints.js';
import { serviceFilesystem } from './filesystem.js';
import { tmpfsMap } from './mounts.js';
import { firstContainerName } from './names.js';
import { resolveServiceReference } from './network-mode.js';
import { portBindings } from './ports.js';
import { compact, nonEmpty, nonEmptyRecord } from './records.js';
import { resources } from './resources.js';
import { restartPolicy } from './restart.js';

export function hostConfig(service: Service, ctx: LowerContext, networking: Networking): HostConfig {
  const security = securityOptions(service, ctx);
  return compact<HostConfig>({
    ...serviceFilesystem(service, ctx),
    Tmpfs: tmpfsMap(service.tmpfs),
    PortBindings: portBindings(service),
    NetworkMode: networking.NetworkMode,
    Links: networking.HostLinks,
    RestartPolicy: restartPolicy(service, ctx),
    ExtraHosts: nonEmpty(extraHosts(service.extra_hosts)),
    Dns: nonEmpty(service.dns),
    DnsOptions: nonEmpty(service.dns_opt),
    DnsSearch: nonEmpty(service.dns_search),
    CapAdd: nonEmpty(service.cap_add),
    CapDrop: nonEmpty(service.cap_drop),
    Privileged: service.privileged,
    ReadonlyRootfs: service.read_only,
    Init: service.init,
    SecurityOpt: nonEmpty(security.options),
    MaskedPaths: security.unconfined ? [] : undefined,
    ReadonlyPaths: security.unconfined ? [] : undefined,
    ShmSize: service.shm_size,
    Sysctls: nonEmptyRecord(service.sysctls),
    StorageOpt: nonEmptyRecord(service.storage_opt),
    LogConfig: service.logging ? { Type: service.logging.driver ?? '', Config: { ...service.logging.options } } : undefined,
    PidMode: resolveServiceReference(service.pid, ctx.project),
    IpcMode: resolveServiceReference(service.ipc, ctx.project),
    UsernsMode: service.userns_mode,
    UTSMode: service.uts,
    CgroupnsMode: service.cgroup,
    GroupAdd: nonEmpty(service.group_add),
    VolumesFrom: nonEmpty(volumesFrom(service, ctx)),
    Isolation: service.isolation,
    Runtime: service.runtime,
    CgroupParent: service.cgroup_parent,
    ...resources(service, ctx),
  });
}

/** `host:ip`, one entry per address, hosts sorted. */
export function extraHosts(hosts: Service['extra_hosts']): string[] {
  return Object.keys(hosts)
    .sort()
    .flatMap((host) => hosts[host]!.map((ip) => `${host}:${ip}`));
}

/** `service` → its first container, `container:NAME` → NAME; `:ro` when read-only. */
export function volumesFrom(service: Service, ctx: LowerContext): string[] {
  return service.volumes_from.map((v) => {
    const name = v.container ? v.source : firstContainerName(ctx.project, v.source);
    return v.read_only ? `${name}:ro` : name;
  });
}

/**
 * security_opt as written, except `systempaths=unconfined` (the docker CLI turns it into empty
 * MaskedPaths/ReadonlyPaths) and a seccomp profile *file*, whose JSON contents the engine
 * expects: reading it is I/O, which lowering does not do, so that one is a W0701.
 */
export function securityOptions(service: Service, ctx: LowerContext): { options: string[]; unconfined: boolean } {
  const options: string[] = [];
  let unconfined = false;
  service.security_opt.forEach((opt, i) => {
    if (opt === 'systempaths=unconfined') {
      unconfined = true;
      return;
    }
    const match = /^seccomp[=:](.*)$/.exec(opt);
    if (match && match[1] !== 'unconfined' && match[1] !== 'builtin' && !match[1]!.trimStart().startsWith('{')) {
      unsupported(ctx, servicePath(service.name, 'security_opt', i), `seccomp profile file \`${match[1]}\` is not read by stackc; the option is left out`, 'use `seccomp=unconfined`, or the default profile');
      return;
    }
    options.push(opt);
  });
  return { options, unconfined };
}

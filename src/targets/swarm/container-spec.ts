/**
 * One service → TaskTemplate.ContainerSpec, field for field as docker stack deploy fills it
 * (entrypoint → Command, command → Args, labels + namespace label, env sorted ...). Beyond it:
 * `dns_opt` → DNSConfig.Options, `group_add` → Groups and the `tmpfs:` list → tmpfs mounts, which
 * the API takes and docker stack deploy drops. Only keys the project sets are present.
 */
import type { Service } from '../../normalize/model.js';
import { compact, nonEmpty, nonEmptyRecord } from '../engine/records.js';
import { servicePath, unsupported, type LowerContext } from './context.js';
import type { ContainerSpec } from './desired.js';
import { healthcheck } from './healthcheck.js';
import { serviceMounts } from './mounts.js';
import { namespaced } from './names.js';
import { configReferences, secretReferences } from './secrets.js';

export function containerSpec(service: Service, image: string, ctx: LowerContext): ContainerSpec {
  const caps = capabilities(service.cap_add, service.cap_drop);
  return compact<ContainerSpec>({
    Image: image,
    Labels: namespaced(service.labels, ctx.options.stack),
    Command: commandLine(service, 'entrypoint', ctx),
    Args: commandLine(service, 'command', ctx),
    Hostname: service.hostname,
    Env: nonEmpty(env(service.environment)),
    Dir: service.working_dir,
    User: service.user,
    Groups: nonEmpty(service.group_add),
    Privileges: privileges(service, ctx),
    Init: service.init,
    TTY: service.tty,
    OpenStdin: service.stdin_open,
    ReadOnly: service.read_only,
    Mounts: serviceMounts(service, ctx),
    StopSignal: service.stop_signal,
    StopGracePeriod: service.stop_grace_period,
    Healthcheck: healthcheck(service.name, service.healthcheck, ctx),
    Hosts: nonEmpty(hosts(service.extra_hosts)),
    DNSConfig: dnsConfig(service),
    Secrets: nonEmpty(secretReferences(service, ctx)),
    Configs: nonEmpty(configReferences(service, ctx)),
    Isolation: service.isolation,
    Sysctls: nonEmptyRecord(service.sysctls),
    CapabilityAdd: nonEmpty(caps.add),
    CapabilityDrop: nonEmpty(caps.drop),
    Ulimits: nonEmpty(ulimits(service)),
  });
}

/**
 * An empty list cannot reset the image's ENTRYPOINT/CMD on a swarm: the engine treats an empty
 * Command/Args as "not set" and keeps the image's. W0701 rather than a spec that silently differs.
 */
function commandLine(service: Service, key: 'entrypoint' | 'command', ctx: LowerContext): readonly string[] | undefined {
  const value = service[key];
  if (value === null) return undefined;
  if (value.length === 0) {
    unsupported(ctx, servicePath(service.name, key), `an empty \`${key}\` cannot reset the image's ${key === 'entrypoint' ? 'ENTRYPOINT' : 'CMD'} on a swarm; the image's applies`);
    return undefined;
  }
  return [...value];
}

/** `K=V`, sorted; a variable listed without a value and unset (null) is left out. */
export function env(environment: Service['environment']): string[] {
  return Object.keys(environment)
    .sort()
    .filter((k) => environment[k] !== null)
    .map((k) => `${k}=${environment[k]}`);
}

/** `IP host` lines (the hosts-file order swarm takes), one per address, hosts sorted. */
export function hosts(extraHosts: Service['extra_hosts']): string[] {
  return Object.keys(extraHosts)
    .sort()
    .flatMap((host) => extraHosts[host]!.map((ip) => `${ip} ${host}`));
}

/** DNS servers, search domains and resolver options, in the file's order (it matters). */
export function dnsConfig(service: Service): ContainerSpec['DNSConfig'] {
  if (!service.dns.length && !service.dns_search.length && !service.dns_opt.length) return undefined;
  return compact({ Nameservers: nonEmpty(service.dns), Search: nonEmpty(service.dns_search), Options: nonEmpty(service.dns_opt) });
}

const ALL = 'ALL';

function normalizeCapability(cap: string): string {
  const upper = cap.trim().toUpperCase();
  return upper === ALL || upper.startsWith('CAP_') ? upper : `CAP_${upper}`;
}

/**
 * As the docker CLI computes them: names upper-cased with a `CAP_` prefix, `ALL` replaces every
 * other entry of its list, a capability both added and dropped is added, both lists sorted.
 */
export function capabilities(capAdd: readonly string[], capDrop: readonly string[]): { add: string[]; drop: string[] } {
  const set = (list: readonly string[]) => {
    const s = new Set(list.map(normalizeCapability));
    return s.has(ALL) ? new Set([ALL]) : s;
  };
  const add = set(capAdd);
  const drop = [...set(capDrop)].filter((c) => !add.has(c));
  return { add: [...add].sort(), drop: drop.sort() };
}

export function ulimits(service: Service): { Name: string; Soft: number; Hard: number }[] {
  return Object.keys(service.ulimits)
    .sort()
    .map((Name) => ({ Name, Soft: service.ulimits[Name]!.soft, Hard: service.ulimits[Name]!.hard }));
}

/**
 * `credential_spec` (Windows gMSA): a file or registry spec goes in Privileges.CredentialSpec;
 * one that names a config needs a runtime config reference stackc does not make: W0701.
 */
function privileges(service: Service, ctx: LowerContext): ContainerSpec['Privileges'] {
  const spec = service.credential_spec;
  if (!spec) return undefined;
  if (spec.config !== undefined) {
    unsupported(ctx, servicePath(service.name, 'credential_spec', 'config'), 'a credential spec from a config is not supported by stackc; use `file` or `registry`');
  }
  const credential = compact({ File: spec.file, Registry: spec.registry });
  return Object.keys(credential).length ? { CredentialSpec: credential } : undefined;
}

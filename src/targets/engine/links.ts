/**
 * `links:` → `<container>:<alias>` for every replica of the linked service (an alias shared by
 * several containers resolves to all of them, which is what a load balancer in front of a scaled
 * service wants). On a user-defined network the engine takes links per endpoint, so a link goes
 * on the networks both services are attached to; on the default bridge (`network_mode: bridge`)
 * it goes in HostConfig.Links. `external_links` (`container[:alias]`) go on the first network.
 */
import type { Service } from '../../normalize/model.js';
import { servicePath, unsupported, type LowerContext } from './context.js';
import { containerNames } from './names.js';

/** Links onto network `key`; `undefined` = the default bridge (both use network_mode: bridge). */
export function serviceLinks(service: Service, key: string | undefined, ctx: LowerContext): string[] {
  const out: string[] = [];
  service.links.forEach((link, i) => {
    const target = ctx.project.services[link.service];
    if (!target) return; // an undefined service is normalize's error
    if (!shares(service, target, key)) {
      if (key === undefined || !anyShared(service, target)) reportUnshared(service, link.service, i, ctx, key);
      return;
    }
    for (const name of containerNames(ctx.project, link.service, ctx.replicas.get(link.service) ?? 1)) {
      out.push(`${name}:${link.alias}`);
    }
  });
  return out;
}

export function externalLinks(service: Service): string[] {
  return service.external_links.map((link) => (link.includes(':') ? link : `${link}:${link}`));
}

function shares(a: Service, b: Service, key: string | undefined): boolean {
  if (key === undefined) return a.network_mode === 'bridge' && b.network_mode === 'bridge';
  return b.network_mode === undefined && key in a.networks && key in b.networks;
}

function anyShared(a: Service, b: Service): boolean {
  return Object.keys(a.networks).some((key) => shares(a, b, key));
}

function reportUnshared(service: Service, linked: string, i: number, ctx: LowerContext, key: string | undefined): void {
  // Report once per link: from the first network of the service (or the bridge case).
  if (key !== undefined && Object.keys(service.networks).sort()[0] !== key) return;
  unsupported(ctx, servicePath(service.name, 'links', i), `\`${service.name}\` and \`${linked}\` share no network: the link is ignored`);
}

/**
 * E0601–E0605: names that must be defined in the project — services (depends_on, links,
 * volumes_from, network_mode/ipc/pid `service:X`), networks, named volumes, secrets, configs.
 * A reference written as a mapping key (`depends_on: {db: ...}`, `networks: {front: ...}`) is
 * reported at the key, one written as a list item at the item. A service that exists but that
 * an inactive profile left out is reported as disabled, not as undefined.
 */
import { diagnostic, type Diagnostic, type DiagnosticCode, type JsonPath } from '../../parse/diagnostics.js';
import type { Service } from '../model.js';
import { normalizeLinks, normalizeVolumesFrom } from '../references.js';
import { normalizeVolumeItem } from '../volumes.js';
import { didYouMean, docItems, entryAt, type Check, type CheckContext, type Location } from './context.js';

/**
 * The names a reference may use: one of the project's records (services, networks, ...). Looked
 * up by key, so checking every service of a large project stays linear; the names are listed only
 * to suggest one when a reference is undefined.
 */
type Known = Readonly<Record<string, unknown>>;

type Report = (code: DiagnosticCode, kind: string, name: string, known: Known, at: Location) => void;

function serviceRefs(ctx: CheckContext, name: string, svc: Service, undefinedRef: Report): void {
  const services = ctx.project.services;
  const base: JsonPath = ['services', name];
  for (const [dep, d] of Object.entries(svc.depends_on)) {
    // A dependency marked `required: false` may name a service a profile left out.
    if (d.required && !Object.hasOwn(services, dep)) undefinedRef('E0601', 'service', dep, services, entryAt(ctx.doc, [...base, 'depends_on'], dep));
  }
  docItems(ctx.doc, [...base, 'links']).forEach((item, i) => {
    for (const link of normalizeLinks([item], [], [])) {
      if (!Object.hasOwn(services, link.service)) undefinedRef('E0601', 'service', link.service, services, { path: [...base, 'links', i] });
    }
  });
  docItems(ctx.doc, [...base, 'volumes_from']).forEach((item, i) => {
    for (const from of normalizeVolumesFrom([item], [], [])) {
      if (!from.container && !Object.hasOwn(services, from.source)) {
        undefinedRef('E0601', 'service', from.source, services, { path: [...base, 'volumes_from', i] });
      }
    }
  });
  for (const key of ['network_mode', 'ipc', 'pid'] as const) {
    const value = svc[key];
    if (value?.startsWith('service:') === true) {
      const target = value.slice('service:'.length);
      if (!Object.hasOwn(services, target)) undefinedRef('E0601', 'service', target, services, { path: [...base, key] });
    }
  }
}

function resourceRefs(ctx: CheckContext, name: string, svc: Service, undefinedRef: Report): void {
  const { project, doc } = ctx;
  const base: JsonPath = ['services', name];
  for (const net of Object.keys(svc.networks)) {
    if (!Object.hasOwn(project.networks, net)) undefinedRef('E0602', 'network', net, project.networks, entryAt(doc, [...base, 'networks'], net));
  }
  docItems(doc, [...base, 'volumes']).forEach((item, i) => {
    const v = normalizeVolumeItem(item, [], []);
    if (v?.type === 'volume' && v.source !== undefined && !Object.hasOwn(project.volumes, v.source)) {
      undefinedRef('E0603', 'volume', v.source, project.volumes, { path: [...base, 'volumes', i] });
    }
  });
  const refs = (code: DiagnosticCode, kind: string, known: Known, listPath: JsonPath): void => {
    docItems(doc, listPath).forEach((item, i) => {
      const source = typeof item === 'string' ? item : typeof item === 'object' && item !== null && !Array.isArray(item) ? item.source : undefined;
      if (typeof source === 'string' && source !== '' && !Object.hasOwn(known, source)) undefinedRef(code, kind, source, known, { path: [...listPath, i] });
    });
  };
  refs('E0604', 'secret', project.secrets, [...base, 'secrets']);
  refs('E0604', 'secret', project.secrets, [...base, 'build', 'secrets']);
  refs('E0605', 'config', project.configs, [...base, 'configs']);
}

/** Message and hint for a service that exists but is left out by its profiles. */
function disabledService(name: string, profiles: readonly string[]): { message: string; hint: string } {
  if (profiles.length === 0) {
    return {
      message: `service \`${name}\` is disabled by its profiles (none of them is active)`,
      hint: `enable one of the profiles of \`${name}\` with \`--profile NAME\``,
    };
  }
  const list = profiles.map((p) => `\`${p}\``).join(', ');
  return {
    message: `service \`${name}\` is disabled by its ${profiles.length === 1 ? 'profile' : 'profiles'} ${list}, which ${profiles.length === 1 ? 'is' : 'are'} not active`,
    hint: `enable it with \`--profile ${profiles[0]}\``,
  };
}

export const checkReferences: Check = (ctx) => {
  const out: Diagnostic[] = [];
  const undefinedRef: Report = (code, kind, name, known, at) => {
    const disabled = kind === 'service' ? ctx.disabledServices?.get(name) : undefined;
    if (disabled !== undefined) {
      const { message, hint } = disabledService(name, disabled);
      out.push(diagnostic(code, message, { ...at, hint }));
      return;
    }
    const section = kind === 'service' ? 'services' : `${kind}s`;
    out.push(
      diagnostic(code, `${kind} \`${name}\` is not defined`, {
        ...at,
        hint: didYouMean(name, Object.keys(known)).hint ?? `define it under top-level \`${section}:\``,
      }),
    );
  };
  for (const [name, svc] of Object.entries(ctx.project.services)) {
    serviceRefs(ctx, name, svc, undefinedRef);
    resourceRefs(ctx, name, svc, undefinedRef);
  }
  return out;
};

/**
 * `volumes:` and `tmpfs:` → ContainerSpec.Mounts, sorted by target (the engine orders nested
 * mounts itself, so reordering `volumes:` changes nothing); a later mount on a target already
 * taken is dropped, as compose does.
 *
 * Named volumes are not created up front on a swarm: each node creates one when a task first
 * mounts it, from VolumeOptions. So, as docker stack deploy does, a named volume's mount carries
 * `<stack>_<key>` (or its `name:`), the volume's labels plus the namespace label, and DriverConfig
 * when the top-level volume sets a driver or driver_opts; an external volume's mount carries only
 * its name. Unlike docker stack deploy, the `tmpfs:` list becomes tmpfs mounts instead of being
 * dropped, and a tmpfs mount keeps its mode.
 *
 * A bind source is never created on a swarm (docker compose creates a missing one on one host):
 * a task whose node lacks it is rejected ("bind source path does not exist"), so a source that
 * is missing where stackc runs is a W0703 (see `missingBindSources`).
 */
import type { Project, Service, ServiceVolume } from '../../normalize/model.js';
import { parseSize } from '../../normalize/units.js';
import { diagnostic, type JsonPath } from '../../parse/diagnostics.js';
import { compact, nonEmptyRecord } from '../engine/records.js';
import { servicePath, unsupported, type LowerContext } from './context.js';
import type { Mount } from './desired.js';
import { namespaced, volumeName } from './names.js';

/** Every bind source of the project's services, sorted, once each: what deploy checks for `missingBindSources`. */
export function bindSources(project: Project): string[] {
  const sources = Object.values(project.services).flatMap((s) => s.volumes.flatMap((v) => (v.type === 'bind' && v.source !== undefined ? [v.source] : [])));
  return [...new Set(sources)].sort();
}

export function serviceMounts(service: Service, ctx: LowerContext): Mount[] | undefined {
  const mounts = new Map<string, Mount>();
  const add = (m: Mount | undefined) => {
    if (m && !mounts.has(m.Target)) mounts.set(m.Target, m);
  };
  service.volumes.forEach((v, i) => add(lowerVolume(v, servicePath(service.name, 'volumes', i), ctx)));
  service.tmpfs.forEach((entry, i) => add(tmpfsEntry(entry, servicePath(service.name, 'tmpfs', i), ctx)));
  if (mounts.size === 0) return undefined;
  return [...mounts.keys()].sort().map((k) => mounts.get(k)!);
}

export function lowerVolume(v: ServiceVolume, path: JsonPath, ctx: LowerContext): Mount | undefined {
  switch (v.type) {
    case 'bind':
      return bindMount(v, path, ctx);
    case 'volume':
      return volumeMount(v, path, ctx);
    case 'tmpfs':
      return tmpfsMount(v);
    case 'npipe':
      return baseMount('npipe', v, v.source);
    default:
      unsupported(ctx, [...path, 'type'], `volume type \`${v.type}\` is not supported by swarm services (API 1.41); the mount is left out`);
      return undefined;
  }
}

function baseMount(type: Mount['Type'], v: ServiceVolume, source: string | undefined): Mount {
  return compact<Mount>({ Type: type, Source: source, Target: v.target, ReadOnly: v.read_only || undefined, Consistency: v.consistency });
}

function bindMount(v: ServiceVolume, path: JsonPath, ctx: LowerContext): Mount {
  if (v.bind?.selinux) unsupported(ctx, [...path, 'bind', 'selinux'], '`bind.selinux` has no swarm mount option; the host path is not relabelled');
  if (v.bind?.recursive) unsupported(ctx, [...path, 'bind', 'recursive'], '`bind.recursive` needs Engine API 1.44; it is ignored');
  if (v.source !== undefined && ctx.options.missingBindSources.has(v.source)) {
    ctx.diagnostics.push(
      diagnostic('W0703', `bind mount source \`${v.source}\` does not exist on this machine; swarm does not create it, so tasks on a node without it fail ("bind source path does not exist")`, {
        path: [...path, 'source'],
        hint: 'create the path on every node that may run the service (or constrain the service to nodes that have it), or use a named volume',
      }),
    );
  }
  const propagation = v.bind?.propagation;
  return compact<Mount>({ ...baseMount('bind', v, v.source), BindOptions: propagation ? { Propagation: propagation } : undefined });
}

function volumeMount(v: ServiceVolume, path: JsonPath, ctx: LowerContext): Mount {
  if (v.volume?.subpath) unsupported(ctx, [...path, 'volume', 'subpath'], '`volume.subpath` needs Engine API 1.45; it is ignored');
  const noCopy = v.volume?.nocopy || undefined;
  // An anonymous volume has no source: each task gets a fresh one.
  if (v.source === undefined) return compact<Mount>({ ...baseMount('volume', v, undefined), VolumeOptions: noCopy ? { NoCopy: true } : undefined });
  const { stack } = ctx.options;
  const def = ctx.project.volumes[v.source];
  const source = volumeName(stack, ctx.project, v.source);
  if (def?.external) return { ...baseMount('volume', v, source), VolumeOptions: compact({ NoCopy: noCopy }) };
  const driverOpts = nonEmptyRecord(def?.driver_opts ?? {});
  const driverConfig = def?.driver !== undefined || driverOpts ? compact({ Name: def?.driver, Options: driverOpts }) : undefined;
  const labels = namespaced({ ...def?.labels, ...v.volume?.labels }, stack);
  return { ...baseMount('volume', v, source), VolumeOptions: compact({ NoCopy: noCopy, Labels: labels, DriverConfig: driverConfig }) };
}

function tmpfsMount(v: ServiceVolume): Mount {
  const size = v.tmpfs?.size;
  const mode = v.tmpfs?.mode;
  const options = size !== undefined || mode !== undefined ? compact({ SizeBytes: size, Mode: mode }) : undefined;
  return compact<Mount>({ ...baseMount('tmpfs', v, undefined), TmpfsOptions: options });
}

/**
 * One `tmpfs:` entry (`/run`, `/tmp:size=64m,mode=1777`) → a tmpfs mount. API 1.41 takes only a
 * size and a mode; other options (`noexec`, `uid=` ...) are W0701.
 */
export function tmpfsEntry(entry: string, path: JsonPath, ctx: LowerContext): Mount {
  const colon = entry.indexOf(':');
  const target = colon < 0 ? entry : entry.slice(0, colon);
  const options: { SizeBytes?: number; Mode?: number } = {};
  const ignored: string[] = [];
  for (const option of colon < 0 ? [] : entry.slice(colon + 1).split(',')) {
    const [key = '', value = ''] = option.split('=', 2);
    const size = key === 'size' ? parseSize(value) : undefined;
    if (size !== undefined) options.SizeBytes = size;
    else if (key === 'mode' && /^[0-7]+$/.test(value)) options.Mode = parseInt(value, 8);
    else if (option !== '') ignored.push(option);
  }
  if (ignored.length) unsupported(ctx, path, `tmpfs option${ignored.length > 1 ? 's' : ''} \`${ignored.join(',')}\` cannot be set on a swarm tmpfs mount (API 1.41 takes size and mode); ignored`);
  return compact<Mount>({ Type: 'tmpfs', Target: target, TmpfsOptions: Object.keys(options).length ? options : undefined });
}

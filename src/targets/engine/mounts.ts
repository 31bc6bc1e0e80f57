/**
 * `volumes:` → HostConfig.Mounts, or HostConfig.Binds for binds that must create a missing host
 * path. API 1.41 has no Mount option for that (BindOptions.CreateMountpoint came in 1.44), and
 * the legacy Binds API creates the path, so docker compose sends such binds as
 * `src:dst:rw|ro[,z|Z]` strings; every other mount uses the Mount API.
 */
import type { Service, ServiceVolume } from '../../normalize/model.js';
import { servicePath, unsupported, type LowerContext } from './context.js';
import type { Mount } from './desired.js';
import { volumeName } from './names.js';
import { compact } from './records.js';

export type VolumeLowering = { readonly kind: 'bind'; readonly target: string; readonly spec: string } | { readonly kind: 'mount'; readonly mount: Mount };

/** Binds that need their host path created and use nothing the Binds string cannot say. */
export function usesBindsApi(v: ServiceVolume): boolean {
  return v.type === 'bind' && v.bind?.create_host_path === true && !v.bind.propagation && !v.bind.recursive;
}

/** The `src:dst:mode` string docker compose sends for a bind on the Binds API. */
export function bindString(v: ServiceVolume): string {
  const options = [v.read_only ? 'ro' : 'rw'];
  if (v.bind?.selinux) options.push(v.bind.selinux);
  return `${v.source ?? ''}:${v.target}:${options.join(',')}`;
}

export function lowerVolume(v: ServiceVolume, index: number, service: Service, ctx: LowerContext): VolumeLowering | undefined {
  const path = servicePath(service.name, 'volumes', index);
  if (usesBindsApi(v)) return { kind: 'bind', target: v.target, spec: bindString(v) };
  switch (v.type) {
    case 'bind':
      return { kind: 'mount', mount: bindMount(v, path, ctx) };
    case 'volume':
      return { kind: 'mount', mount: volumeMount(v, path, ctx) };
    case 'tmpfs':
      return { kind: 'mount', mount: tmpfsMount(v) };
    case 'npipe':
      return { kind: 'mount', mount: baseMount('npipe', v, v.source) };
    default:
      unsupported(ctx, [...path, 'type'], `volume type \`${v.type}\` is not supported by Engine API 1.41; the mount is left out`);
      return undefined;
  }
}

function baseMount(type: Mount['Type'], v: ServiceVolume, source: string | undefined): Mount {
  return compact<Mount>({ Type: type, Source: source, Target: v.target, ReadOnly: v.read_only || undefined, Consistency: v.consistency });
}

function bindMount(v: ServiceVolume, path: readonly (string | number)[], ctx: LowerContext): Mount {
  if (v.bind?.recursive) unsupported(ctx, [...path, 'bind', 'recursive'], '`bind.recursive` needs Engine API 1.44; it is ignored');
  if (v.bind?.selinux) {
    unsupported(ctx, [...path, 'bind', 'selinux'], '`bind.selinux` only works on binds that create their host path (the Binds API); it is ignored here', 'set `bind.create_host_path: true`');
  }
  const propagation = v.bind?.propagation;
  return compact<Mount>({ ...baseMount('bind', v, v.source), BindOptions: propagation ? { Propagation: propagation } : undefined });
}

function volumeMount(v: ServiceVolume, path: readonly (string | number)[], ctx: LowerContext): Mount {
  // An anonymous volume has no source: the engine creates one with a random name.
  const source = v.source === undefined ? undefined : volumeName(ctx.project, v.source);
  if (v.volume?.subpath) unsupported(ctx, [...path, 'volume', 'subpath'], '`volume.subpath` needs Engine API 1.45; it is ignored');
  const labels = v.volume?.labels && Object.keys(v.volume.labels).length ? v.volume.labels : undefined;
  const options = v.volume?.nocopy || labels ? compact({ NoCopy: v.volume?.nocopy || undefined, Labels: labels }) : undefined;
  return compact<Mount>({ ...baseMount('volume', v, source), VolumeOptions: options });
}

function tmpfsMount(v: ServiceVolume): Mount {
  const size = v.tmpfs?.size;
  const mode = v.tmpfs?.mode;
  const options = size !== undefined || mode !== undefined ? compact({ SizeBytes: size, Mode: mode }) : undefined;
  return compact<Mount>({ ...baseMount('tmpfs', v, undefined), TmpfsOptions: options });
}

/** `tmpfs: [/run, "/tmp:size=64m"]` → HostConfig.Tmpfs `{ path: options }`. */
export function tmpfsMap(entries: readonly string[]): Record<string, string> | undefined {
  if (entries.length === 0) return undefined;
  const out: Record<string, string> = {};
  for (const entry of [...entries].sort()) {
    const colon = entry.indexOf(':');
    if (colon < 0) out[entry] = '';
    else out[entry.slice(0, colon)] = entry.slice(colon + 1);
  }
  return out;
}

/**
 * Service `volumes:`. Short syntax is `[source:]target[:options]`. Parse has already made
 * relative bind sources absolute, so a source starting with `/`, `.` or `~` is a bind mount and
 * anything else names a volume. Like docker compose, short-syntax binds create a missing host
 * path. Windows paths are not supported here.
 */
import type { JsonPath } from '../parse/diagnostics.js';
import { isObject, type JsonObject, type JsonValue } from '../parse/json.js';
import {
  asBool,
  asList,
  asMode,
  asString,
  compact,
  optionalExtensions,
  report,
  show,
  type Sink,
} from './coerce.js';
import type { ServiceVolume, VolumeType } from './model.js';
import { stringRecord } from './records.js';
import { sizeField } from './units.js';

const TYPES: ReadonlySet<string> = new Set(['bind', 'volume', 'tmpfs', 'npipe', 'image', 'cluster']);
const PROPAGATION: ReadonlySet<string> = new Set(['shared', 'rshared', 'slave', 'rslave', 'private', 'rprivate']);
const CONSISTENCY: ReadonlySet<string> = new Set(['consistent', 'cached', 'delegated', 'default']);
/** Docker's rule for volume names; it also catches a relative path written without `./`. */
const VOLUME_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

function isHostPath(source: string): boolean {
  return source.startsWith('/') || source.startsWith('.') || source.startsWith('~');
}

interface Options {
  readOnly: boolean;
  selinux?: 'z' | 'Z';
  propagation?: string;
  nocopy?: boolean;
  consistency?: string;
}

function parseOptions(text: string): Options | string {
  const opts: Options = { readOnly: false };
  for (const opt of text.split(',')) {
    if (opt === 'ro' || opt === 'rw') opts.readOnly = opt === 'ro';
    else if (opt === 'z' || opt === 'Z') opts.selinux = opt;
    else if (PROPAGATION.has(opt)) opts.propagation = opt;
    else if (opt === 'nocopy') opts.nocopy = true;
    else if (CONSISTENCY.has(opt)) opts.consistency = opt;
    else return `unknown option \`${opt}\` (expected ro, rw, z, Z, nocopy, a propagation or a consistency mode)`;
  }
  return opts;
}

/** Parses one short-syntax volume; the error text is the reason, without the spec. */
export function parseVolumeSpec(spec: string): ServiceVolume | string {
  if (spec.trim() === '') return 'empty volume';
  const parts = spec.split(':');
  if (parts.some((p) => p === '')) return 'empty section between colons';
  if (parts.length > 3) return 'too many colons (expected source:target[:options])';
  let source: string | undefined;
  let target: string;
  let optionText: string | undefined;
  if (parts.length === 1) target = parts[0] ?? '';
  else if (parts.length === 3) [source, target, optionText] = parts as [string, string, string];
  else if (!(parts[1] ?? '').startsWith('/') && typeof parseOptions(parts[1] ?? '') !== 'string') {
    // `/data:ro`: an anonymous volume with options, as `docker run -v` reads it.
    [target, optionText] = parts as [string, string];
  } else [source, target] = parts as [string, string];
  if (!target.startsWith('/')) return `container path \`${target}\` must be absolute`;
  const opts = optionText === undefined ? { readOnly: false } : parseOptions(optionText);
  if (typeof opts === 'string') return opts;
  const type: VolumeType = source !== undefined && isHostPath(source) ? 'bind' : 'volume';
  if (type === 'volume' && source !== undefined && !VOLUME_NAME.test(source)) {
    return `\`${source}\` is neither an absolute path nor a valid volume name (start a relative path with ./)`;
  }
  if (type === 'volume' && (opts.selinux !== undefined || opts.propagation !== undefined)) {
    return 'SELinux and propagation options apply to bind mounts only';
  }
  if (type === 'bind' && opts.nocopy === true) return '`nocopy` applies to volumes only';
  return compact<ServiceVolume>({
    type,
    source,
    target,
    read_only: opts.readOnly,
    consistency: opts.consistency,
    bind:
      type === 'bind'
        ? compact({ propagation: opts.propagation, create_host_path: true, selinux: opts.selinux })
        : undefined,
    volume: opts.nocopy === true ? { nocopy: true } : undefined,
  });
}

const LONG_KEYS: ReadonlySet<string> = new Set([
  'type', 'source', 'target', 'read_only', 'consistency', 'bind', 'volume', 'tmpfs', 'image',
]);

function sub(obj: JsonObject, key: string, path: JsonPath, sink: Sink): JsonObject | undefined {
  const v = obj[key];
  if (v === undefined || v === null) return undefined;
  if (isObject(v)) return v;
  report(sink, 'E0502', `\`${key}\` must be a mapping`, [...path, key]);
  return undefined;
}

function longVolume(obj: JsonObject, path: JsonPath, sink: Sink): ServiceVolume | undefined {
  const before = sink.length;
  const source = asString(obj.source, [...path, 'source'], sink);
  const target = asString(obj.target, [...path, 'target'], sink);
  const typeText = asString(obj.type, [...path, 'type'], sink) ?? (source === undefined || !isHostPath(source) ? 'volume' : 'bind');
  if (!TYPES.has(typeText)) report(sink, 'E0502', `unknown volume type \`${typeText}\``, [...path, 'type']);
  const type = typeText as VolumeType;
  if (target === undefined || target === '') report(sink, 'E0502', 'volume is missing its `target`', path);
  else if (type !== 'npipe' && !target.startsWith('/')) report(sink, 'E0502', `container path \`${target}\` must be absolute`, [...path, 'target']);
  if ((type === 'bind' || type === 'npipe' || type === 'image') && (source === undefined || source === '')) {
    report(sink, 'E0502', `a ${type} mount needs a \`source\``, path);
  }
  if (type === 'tmpfs' && source !== undefined && source !== '') report(sink, 'E0502', 'a tmpfs mount takes no `source`', [...path, 'source']);
  const consistency = asString(obj.consistency, [...path, 'consistency'], sink);
  const readOnly = asBool(obj.read_only, [...path, 'read_only'], sink) ?? false;
  const bind = sub(obj, 'bind', path, sink);
  const volume = sub(obj, 'volume', path, sink);
  const tmpfs = sub(obj, 'tmpfs', path, sink);
  const image = sub(obj, 'image', path, sink);
  const bp = [...path, 'bind'];
  const vp = [...path, 'volume'];
  const tp = [...path, 'tmpfs'];
  const selinux = bind === undefined ? undefined : asString(bind.selinux, [...bp, 'selinux'], sink);
  if (selinux !== undefined && selinux !== 'z' && selinux !== 'Z') report(sink, 'E0502', 'selinux must be z or Z', [...bp, 'selinux']);
  const propagation = bind === undefined ? undefined : asString(bind.propagation, [...bp, 'propagation'], sink);
  if (propagation !== undefined && !PROPAGATION.has(propagation)) report(sink, 'E0502', `unknown propagation \`${propagation}\``, [...bp, 'propagation']);
  const result = compact<ServiceVolume>({
    type,
    source: source === '' ? undefined : source,
    target: target ?? '',
    read_only: readOnly,
    consistency,
    bind:
      bind === undefined && type !== 'bind'
        ? undefined
        : compact({
            propagation,
            create_host_path: (bind === undefined ? undefined : asBool(bind.create_host_path, [...bp, 'create_host_path'], sink)) ?? false,
            selinux: selinux as 'z' | 'Z' | undefined,
            recursive: bind === undefined ? undefined : asString(bind.recursive, [...bp, 'recursive'], sink),
          }),
    volume:
      volume === undefined
        ? undefined
        : compact({
            nocopy: asBool(volume.nocopy, [...vp, 'nocopy'], sink) ?? false,
            subpath: asString(volume.subpath, [...vp, 'subpath'], sink),
            labels: volume.labels === undefined ? undefined : stringRecord(volume.labels, [...vp, 'labels'], sink),
          }),
    tmpfs:
      tmpfs === undefined
        ? undefined
        : compact({ size: sizeField(tmpfs.size, [...tp, 'size'], sink), mode: asMode(tmpfs.mode, [...tp, 'mode'], sink) }),
    image: image === undefined ? undefined : compact({ subpath: asString(image.subpath, [...path, 'image', 'subpath'], sink) }),
    ...optionalExtensions(obj, LONG_KEYS),
  });
  return sink.length > before ? undefined : result;
}

export function normalizeVolumeItem(item: JsonValue, path: JsonPath, sink: Sink): ServiceVolume | undefined {
  if (isObject(item)) return longVolume(item, path, sink);
  if (typeof item === 'string') {
    const parsed = parseVolumeSpec(item);
    if (typeof parsed !== 'string') return parsed;
    report(sink, 'E0502', `invalid volume \`${show(item)}\`: ${parsed}`, path, 'use [source:]target[:ro|rw,...], e.g. "data:/var/lib/mysql" or "./conf:/etc/app:ro"');
    return undefined;
  }
  report(sink, 'E0502', `invalid volume \`${show(item)}\``, path);
  return undefined;
}

export function normalizeServiceVolumes(value: JsonValue | undefined, path: JsonPath, sink: Sink): ServiceVolume[] {
  const out: ServiceVolume[] = [];
  asList(value, path, sink).forEach((item, i) => {
    const v = normalizeVolumeItem(item, [...path, i], sink);
    if (v !== undefined) out.push(v);
  });
  return out;
}

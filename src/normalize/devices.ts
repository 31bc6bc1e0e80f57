/** Devices, device requests (gpus, deploy reservations) and block-IO limits. */
import type { JsonPath } from '../parse/diagnostics.js';
import { isObject, type JsonValue } from '../parse/json.js';
import { asInt, asList, asObject, asString, asStringList, compact, report, show, type Sink } from './coerce.js';
import type { BlkioConfig, BlkioRate, DeviceRequest, ServiceDevice } from './model.js';
import { stringRecord } from './records.js';
import { sizeField } from './units.js';

const PERMISSIONS = /^[rwm]+$/;

/**
 * `devices:` short form `host[:container[:permissions]]` (`/dev/sda:/dev/xvda:rwm`), a CDI name
 * (`vendor.com/class=name`, kept whole), or the long form {source, target, permissions}.
 */
export function normalizeDevices(value: JsonValue | undefined, path: JsonPath, sink: Sink): ServiceDevice[] {
  const out: ServiceDevice[] = [];
  asList(value, path, sink).forEach((item, i) => {
    const p = [...path, i];
    if (isObject(item)) {
      const source = asString(item.source, [...p, 'source'], sink);
      if (source === undefined || source === '') {
        report(sink, 'E0506', 'device is missing its `source`', p);
        return;
      }
      out.push(compact<ServiceDevice>({ source, target: asString(item.target, [...p, 'target'], sink), permissions: asString(item.permissions, [...p, 'permissions'], sink) }));
      return;
    }
    if (typeof item !== 'string' || item === '') {
      report(sink, 'E0506', `invalid device \`${show(item)}\``, p);
      return;
    }
    if (!item.startsWith('/') && item.includes('=')) {
      out.push({ source: item }); // CDI device name
      return;
    }
    const parts = item.split(':');
    const [source = '', second, third] = parts;
    // `/dev/x:rwm`: the second part is permissions when it is not a path.
    const secondIsPerm = third === undefined && second !== undefined && PERMISSIONS.test(second);
    const target = secondIsPerm ? undefined : second;
    const permissions = secondIsPerm ? second : third;
    if (parts.length > 3 || source === '' || target === '' || (permissions !== undefined && !PERMISSIONS.test(permissions))) {
      report(sink, 'E0506', `invalid device \`${item}\``, p, 'write HOST_PATH[:CONTAINER_PATH[:rwm]]');
      return;
    }
    out.push(compact<ServiceDevice>({ source, target, permissions }));
  });
  return out;
}

function deviceRequest(item: JsonValue, path: JsonPath, sink: Sink): DeviceRequest | undefined {
  const obj = asObject(item, path, sink);
  if (obj === undefined) return undefined;
  let count: number | 'all' | undefined;
  if (typeof obj.count === 'string' && obj.count.trim().toLowerCase() === 'all') count = 'all';
  else count = asInt(obj.count, [...path, 'count'], sink, { min: -1 });
  if (count === -1) count = 'all'; // the engine's spelling of "all"
  return compact<DeviceRequest>({
    capabilities: asStringList(obj.capabilities, [...path, 'capabilities'], sink),
    count,
    device_ids: asStringList(obj.device_ids, [...path, 'device_ids'], sink),
    driver: asString(obj.driver, [...path, 'driver'], sink),
    options: stringRecord(obj.options, [...path, 'options'], sink),
  });
}

export function normalizeDeviceRequests(value: JsonValue | undefined, path: JsonPath, sink: Sink): DeviceRequest[] {
  const out: DeviceRequest[] = [];
  asList(value, path, sink).forEach((item, i) => {
    const d = deviceRequest(item, [...path, i], sink);
    if (d !== undefined) out.push(d);
  });
  return out;
}

/** `gpus: all` or a list of device requests. */
export function normalizeGpus(value: JsonValue | undefined, path: JsonPath, sink: Sink): DeviceRequest[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string' && value.trim().toLowerCase() === 'all') {
    return [{ capabilities: [], count: 'all', device_ids: [], options: {} }];
  }
  return normalizeDeviceRequests(value, path, sink);
}

function rates(value: JsonValue | undefined, path: JsonPath, sink: Sink, bytes: boolean): BlkioRate[] {
  const out: BlkioRate[] = [];
  asList(value, path, sink).forEach((item, i) => {
    const p = [...path, i];
    const obj = asObject(item, p, sink);
    if (obj === undefined) return;
    const devicePath = asString(obj.path, [...p, 'path'], sink);
    const rate = bytes ? sizeField(obj.rate, [...p, 'rate'], sink) : asInt(obj.rate, [...p, 'rate'], sink, { min: 0 });
    if (devicePath === undefined || rate === undefined) {
      if (devicePath === undefined) report(sink, 'E0506', 'a device rate needs `path` and `rate`', p);
      return;
    }
    out.push({ path: devicePath, rate });
  });
  return out;
}

export function normalizeBlkio(value: JsonValue | undefined, path: JsonPath, sink: Sink): BlkioConfig | undefined {
  const obj = asObject(value, path, sink);
  if (obj === undefined) return undefined;
  const weightDevice: { path: string; weight: number }[] = [];
  asList(obj.weight_device, [...path, 'weight_device'], sink).forEach((item, i) => {
    const p = [...path, 'weight_device', i];
    const w = asObject(item, p, sink);
    const devicePath = w === undefined ? undefined : asString(w.path, [...p, 'path'], sink);
    const weight = w === undefined ? undefined : asInt(w.weight, [...p, 'weight'], sink, { min: 0 });
    if (devicePath !== undefined && weight !== undefined) weightDevice.push({ path: devicePath, weight });
  });
  return compact<BlkioConfig>({
    weight: asInt(obj.weight, [...path, 'weight'], sink, { min: 0 }),
    weight_device: weightDevice,
    device_read_bps: rates(obj.device_read_bps, [...path, 'device_read_bps'], sink, true),
    device_write_bps: rates(obj.device_write_bps, [...path, 'device_write_bps'], sink, true),
    device_read_iops: rates(obj.device_read_iops, [...path, 'device_read_iops'], sink, false),
    device_write_iops: rates(obj.device_write_iops, [...path, 'device_write_iops'], sink, false),
  });
}

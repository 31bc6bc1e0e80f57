/**
 * Units as the engine wants them: durations → integer nanoseconds, sizes → bytes (1024-based,
 * like docker's RAMInBytes), cpus → integer nano-cpus.
 */
import type { JsonPath } from '../parse/diagnostics.js';
import type { JsonValue } from '../parse/json.js';
import { report, show, type Sink } from './coerce.js';

const NS_PER_UNIT: Readonly<Record<string, number>> = {
  ns: 1,
  us: 1e3,
  µs: 1e3, // micro sign
  μs: 1e3, // greek mu, which editors produce as often
  ms: 1e6,
  s: 1e9,
  m: 60e9,
  h: 3600e9,
};

// Micro sign and mu as escapes: the bundle stays ASCII, which bin/stackc.cjs reads fastest.
const DURATION_PART = /(\d+(?:\.\d*)?|\.\d+)(ns|us|\u00b5s|\u03bcs|ms|s|m|h)/y;

/** Go-style duration (`1m30s`, `1.5s`, `500ms`, `1h`) → nanoseconds; undefined when malformed. */
export function parseDuration(text: string): number | undefined {
  const s = text.trim();
  if (s === '0') return 0;
  if (s === '') return undefined;
  let total = 0;
  DURATION_PART.lastIndex = 0;
  while (DURATION_PART.lastIndex < s.length) {
    const start = DURATION_PART.lastIndex;
    const m = DURATION_PART.exec(s);
    if (m === null || m.index !== start) return undefined;
    total += Number(m[1]) * (NS_PER_UNIT[m[2] ?? ''] ?? NaN);
  }
  return Number.isFinite(total) ? Math.round(total) : undefined;
}

const BARE_NUMBER = /^\d+(\.\d+)?$/;

/**
 * A duration field. A bare number has no unit and is rejected (compose rejects it too), except
 * 0 and in the few fields where compose defines one: pass `bareUnitNs` for those (cpu_rt_*: µs).
 */
export function durationField(
  value: JsonValue | undefined,
  path: JsonPath,
  sink: Sink,
  bareUnitNs?: number,
): number | undefined {
  if (value === undefined || value === null) return undefined;
  const bare =
    typeof value === 'number' ? value : typeof value === 'string' && BARE_NUMBER.test(value.trim()) ? Number(value) : undefined;
  if (bare !== undefined) {
    if (Number.isFinite(bare) && bare >= 0 && (bare === 0 || bareUnitNs !== undefined)) {
      return Math.round(bare * (bareUnitNs ?? 1));
    }
    report(sink, 'E0503', `duration \`${show(value)}\` has no unit`, path, 'add a unit: ns, us, ms, s, m or h (e.g. 10s, 1m30s)');
    return undefined;
  }
  const ns = typeof value === 'string' ? parseDuration(value) : undefined;
  if (ns === undefined) {
    report(sink, 'E0503', `invalid duration \`${show(value)}\``, path, 'use a number with a unit: ns, us, ms, s, m or h (e.g. 10s, 1m30s, 500ms)');
  }
  return ns;
}

const SIZE = /^(\d+(?:\.\d+)?) ?(?:([kmgtp])i?)?b?$/i;
const SIZE_POWER: Readonly<Record<string, number>> = { k: 1, m: 2, g: 3, t: 4, p: 5 };

/** `512m`, `1gb`, `2k`, `1.5GiB`, `1024` → bytes (1024-based); undefined when malformed. */
export function parseSize(text: string): number | undefined {
  const m = SIZE.exec(text.trim());
  if (m === null) return undefined;
  const power = m[2] === undefined ? 0 : (SIZE_POWER[m[2].toLowerCase()] ?? 0);
  return Math.floor(Number(m[1]) * 1024 ** power);
}

/** A size field. Integers are bytes; `allowUnlimited` accepts -1 (memswap_limit: unlimited swap). */
export function sizeField(
  value: JsonValue | undefined,
  path: JsonPath,
  sink: Sink,
  allowUnlimited = false,
): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (allowUnlimited && (value === -1 || value === '-1')) return -1;
  const bytes =
    typeof value === 'number' ? (Number.isInteger(value) && value >= 0 ? value : undefined)
    : typeof value === 'string' ? parseSize(value)
    : undefined;
  if (bytes === undefined) {
    report(sink, 'E0504', `invalid size \`${show(value)}\``, path, 'use bytes or a number with a unit: b, k, m, g, t (e.g. 512m, 1gb)');
  }
  return bytes;
}

const CPUS = /^(\d+(\.\d*)?|\.\d+)$/;

/** `cpus: 0.5` → 500000000 nano-cpus. */
export function parseCpus(value: number | string): number | undefined {
  const n = typeof value === 'number' ? value : CPUS.test(value.trim()) ? Number(value.trim()) : NaN;
  return Number.isFinite(n) && n >= 0 ? Math.round(n * 1e9) : undefined;
}

export function cpusField(value: JsonValue | undefined, path: JsonPath, sink: Sink): number | undefined {
  if (value === undefined || value === null) return undefined;
  const nano = typeof value === 'number' || typeof value === 'string' ? parseCpus(value) : undefined;
  if (nano === undefined) report(sink, 'E0505', `invalid cpus \`${show(value)}\``, path, 'use a non-negative number of cpus, e.g. 0.5');
  return nano;
}

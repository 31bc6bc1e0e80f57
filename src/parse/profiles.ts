/**
 * Profiles: a service without `profiles` is always enabled; one with profiles is enabled when
 * one of them is active (`--profile`, else COMPOSE_PROFILES; `*` enables all) or when it is
 * named on the command line.
 */
import { isObject, type JsonObject } from './json.js';

export function activeProfiles(flags: readonly string[], envValue: string | undefined): string[] {
  const source = flags.length ? flags : (envValue ?? '').split(',');
  return [...new Set(source.map((p) => p.trim()).filter(Boolean))].sort();
}

export function applyProfiles(
  doc: JsonObject,
  active: readonly string[],
  named: readonly string[] = [],
): { doc: JsonObject; disabled: string[] } {
  if (!isObject(doc.services)) return { doc, disabled: [] };
  const all = active.includes('*');
  const services: JsonObject = {};
  const disabled: string[] = [];
  for (const [name, service] of Object.entries(doc.services)) {
    const profiles = isObject(service) && Array.isArray(service.profiles) ? service.profiles.map(String) : [];
    const enabled = profiles.length === 0 || all || named.includes(name) || profiles.some((p) => active.includes(p));
    if (enabled) services[name] = service;
    else disabled.push(name);
  }
  return { doc: { ...doc, services }, disabled: disabled.sort() };
}

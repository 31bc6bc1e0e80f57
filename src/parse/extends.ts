/**
 * `extends`: a service starts from another service (in the same file or another one) and merges
 * its own keys over it, by the same rules as -f files. Chains are followed and cycles reported.
 * Another file's relative paths resolve against that file's directory.
 */
import path from 'node:path';
import { diagnostic, type JsonPath } from './diagnostics.js';
import { isObject, type JsonObject } from './json.js';
import type { LoadContext, LoadedFile } from './load-file.js';
import { decodeFile } from './load-file.js';
import { mergeServices, type Located } from './merge.js';
import { graft, originsOf, type Origins } from './origins.js';
import { resolveRelativePaths } from './paths.js';

interface FileScope {
  readonly file: string;
  readonly services: JsonObject;
  readonly origins: Origins;
}

export function resolveExtends(loaded: LoadedFile, ctx: LoadContext): LoadedFile {
  const services = loaded.doc.services;
  if (!isObject(services) || !Object.values(services).some((s) => isObject(s) && s.extends !== undefined)) return loaded;
  const resolver = new ExtendsResolver(ctx);
  const scope: FileScope = { file: loaded.file, services, origins: loaded.origins };
  const resolved: JsonObject = {};
  const results: [string, Located<JsonObject>][] = [];
  for (const [name, service] of Object.entries(services)) {
    const result = isObject(service) ? resolver.resolve(scope, name, []) : undefined;
    resolved[name] = result ? result.value : service;
    if (result) results.push([name, result]);
  }
  // Graft only after every service is resolved: resolution reads the file's original origins.
  for (const [name, result] of results) graft(loaded.origins, ['services', name], result.origins, result.at);
  return { ...loaded, doc: { ...loaded.doc, services: resolved } };
}

class ExtendsResolver {
  private readonly done = new Map<string, Located<JsonObject> | undefined>();
  private readonly files = new Map<string, FileScope | undefined>();

  constructor(private readonly ctx: LoadContext) {}

  /** The service with its `extends` chain merged in, as a fresh origins trie rooted at it. */
  resolve(scope: FileScope, name: string, chain: readonly string[]): Located<JsonObject> | undefined {
    const id = `${scope.file}#${name}`;
    if (this.done.has(id)) return this.done.get(id);
    const service = scope.services[name];
    if (!isObject(service)) return undefined;
    const own: Located<JsonObject> = { value: service, origins: fresh(scope.origins, ['services', name]), at: [] };
    const ext = service.extends;
    if (ext === undefined) return own;
    const at: JsonPath = ['services', name, 'extends'];
    const target = typeof ext === 'string' ? { service: ext, file: undefined } : isObject(ext) ? { service: String(ext.service ?? ''), file: ext.file } : undefined;
    if (!target) return own;
    if (chain.includes(id)) {
      const cycle = [...chain.slice(chain.indexOf(id)), id].map((step) => step.split('#')[1]).join(' → ');
      this.ctx.diagnostics.push(diagnostic('E0301', `extends cycle: ${cycle}`, { file: scope.file, path: at }));
      this.done.set(id, undefined);
      return undefined;
    }
    const baseScope = typeof target.file === 'string' ? this.fileScope(path.resolve(path.dirname(scope.file), target.file), scope.file, [...at, 'file']) : scope;
    if (!baseScope) return undefined;
    if (!isObject(baseScope.services[target.service])) {
      const where = baseScope === scope ? '' : ` in ${path.basename(baseScope.file)}`;
      const refPath = typeof ext === 'string' ? at : [...at, 'service'];
      this.ctx.diagnostics.push(diagnostic('E0302', `service "${name}" extends "${target.service}", which is not defined${where}`, { file: scope.file, path: refPath }));
      return undefined;
    }
    const base = this.resolve(baseScope, target.service, [...chain, id]);
    if (!base) return undefined;
    const { extends: _dropped, ...withoutExtends } = service;
    const merged = mergeServices(
      { value: base.value, origins: fresh(base.origins, base.at), at: [] },
      { value: withoutExtends, origins: own.origins, at: [] },
    );
    this.done.set(id, merged);
    return merged;
  }

  /** Another file, decoded and path-resolved against its own directory, loaded once. */
  private fileScope(file: string, from: string, refPath: JsonPath): FileScope | undefined {
    if (!this.files.has(file)) {
      const before = this.ctx.diagnostics.length;
      const doc = decodeFile(file, this.ctx);
      if (!doc && this.ctx.diagnostics.length > before) {
        // Point the "not found" at the `extends.file` that named it.
        const last = this.ctx.diagnostics[this.ctx.diagnostics.length - 1]!;
        if ((last.code === 'E0001' || last.code === 'E0002') && !last.path) this.ctx.diagnostics[this.ctx.diagnostics.length - 1] = { ...last, file: from, path: refPath };
      }
      const resolved = doc && resolveRelativePaths(doc, path.dirname(file));
      this.files.set(file, resolved && { file, services: isObject(resolved.services) ? resolved.services : {}, origins: originsOf(file) });
    }
    return this.files.get(file);
  }
}

function fresh(origins: Origins, at: JsonPath): Origins {
  const copy: Origins = { root: { children: new Map() } };
  graft(copy, [], origins, at);
  return copy;
}

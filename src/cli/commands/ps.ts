/** `stackc ps`: the project's containers, as a table or JSON. */
import type { ConnectionFlags } from '../../deploy/connection.js';
import type { ContainerSummary } from '../../deploy/engine-api.js';
import { projectContainers } from '../../deploy/engine/observe.js';
import { LABELS } from '../../targets/engine/labels.js';
import { withEngineProject } from '../engine-project.js';
import type { ProjectFlags } from '../options.js';

export interface PsFlags extends ProjectFlags, ConnectionFlags {
  readonly format: 'table' | 'json';
  readonly all?: boolean;
  /** Only the container IDs, whole (as docker compose ps -q). */
  readonly quiet?: boolean;
}

export function runPs(services: readonly string[], flags: PsFlags): Promise<number> {
  return withEngineProject(flags, async ({ desired }, api) => {
    // Set-aside containers (`<name>-stackc-replaced`, stopped) are listed with -a, as they exist.
    const containers = (await projectContainers(api, desired.project, services, { replaced: true })).filter((c) => flags.all || c.state === 'running' || c.state === 'restarting');
    if (flags.quiet) {
      process.stdout.write(containers.map((c) => `${c.id}\n`).join(''));
      return 0;
    }
    const rows = containers.map(row);
    if (flags.format === 'json') process.stdout.write(JSON.stringify(rows, null, 2) + '\n');
    else process.stdout.write(table(['NAME', 'IMAGE', 'SERVICE', 'STATUS', 'PORTS'], rows.map((r) => [r.name, r.image, r.service, r.status, r.ports])));
    return 0;
  });
}

function row(c: ContainerSummary) {
  const ports = [...new Set(c.ports.map((p) => (p.publicPort ? `${p.ip ?? ''}:${p.publicPort}->${p.privatePort}/${p.type}` : `${p.privatePort}/${p.type}`)))].sort();
  return {
    name: c.name,
    image: c.image,
    service: c.labels[LABELS.service] ?? '',
    number: Number(c.labels[LABELS.containerNumber] ?? 0),
    state: c.state,
    status: c.status,
    ports: ports.join(', '),
  };
}

export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  // As the docker CLI's tabwriter lays columns out: three spaces apart, each at least ten wide.
  const widths = header.map((h, i) => Math.max(h.length + 3, ...rows.map((r) => (r[i] ?? '').length + 3), 10));
  const line = (cells: readonly string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('').trimEnd() + '\n';
  return line(header) + rows.map(line).join('');
}

/**
 * `stackc ps STACK` rows as `docker stack ps` shows them: a task is named after its service and
 * slot (a global service's after the node; a service gone meanwhile by its ID), the tasks of one
 * name newest first with the older ones marked as its history, states capitalised with how long
 * ago they were reached, the node by its name. The error is shown whole: docker cuts it at 30
 * characters, which hides the reason a user needs.
 */
import type { NodeState, TaskState } from '../../deploy/swarm/swarm-api.js';
import { byCodePoint } from '../../normalize/coerce.js';
import { naturalCompare } from './natural-order.js';
import { displayImage } from './service-rows.js';

export interface TaskRow {
  readonly id: string;
  readonly name: string;
  readonly image: string;
  readonly node: string;
  readonly desired: string;
  readonly current: string;
  /** When the task reached its current state (ISO 8601). */
  readonly since: string;
  readonly error: string;
  /** Host-mode ports published on the task's node, as `*:8080->80/tcp`, comma-separated. */
  readonly ports: string;
}

/** Sorted by name in natural order, each name's tasks newest first. */
export function taskRows(tasks: readonly TaskState[], serviceNames: ReadonlyMap<string, string>, nodes: readonly NodeState[]): TaskRow[] {
  return tasks
    .map((task) => ({
      row: {
        id: task.id.slice(0, 12),
        name: `${serviceNames.get(task.serviceId) ?? task.serviceId}.${task.slot || task.nodeId}`,
        image: displayImage(task.image),
        // A node that left the swarm by its ID; a task not yet on a node on none.
        node: task.nodeId && (nodes.find((n) => n.id === task.nodeId)?.name || task.nodeId),
        desired: task.desiredState,
        current: task.state,
        since: task.timestamp,
        error: task.error ?? '',
        // As the engine reports them (engine 20.10 reports each twice; docker prints that too).
        ports: task.ports.map((p) => `*:${p.published}->${p.target}/${p.protocol}`).join(','),
      },
      // No time (the engine wrote Go's zero time) sorts as the oldest, as docker sorts it.
      created: Date.parse(task.createdAt) || 0,
    }))
    .sort((a, b) => naturalCompare(a.row.name, b.row.name) || b.created - a.created || byCodePoint(a.row.id, b.row.id))
    .map(({ row }) => row);
}

/**
 * The table's cells: a task that follows one of the same name is that one's history (` \_ name`);
 * an error is quoted, as docker quotes it, so where it ends shows among the columns.
 */
export function taskCells(rows: readonly TaskRow[], now: number): string[][] {
  return rows.map((r, i) => [
    r.id,
    i > 0 && rows[i - 1]!.name === r.name ? ` \\_ ${r.name}` : r.name,
    r.image,
    r.node,
    capitalised(r.desired),
    currentState(r, now),
    r.error && `"${r.error}"`,
    r.ports,
  ]);
}

function currentState(row: TaskRow, now: number): string {
  const since = Date.parse(row.since);
  // A task the engine gave no time (docker says "292 years ago": Go's zero time) gets the state alone.
  return Number.isFinite(since) ? `${capitalised(row.current)} ${humanDuration(now - since).toLowerCase()} ago` : capitalised(row.current);
}

const capitalised = (state: string) => state.charAt(0).toUpperCase() + state.slice(1);

/** How long ago, in the words the docker CLI uses (go-units' HumanDuration). */
export function humanDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < 1) return 'Less than a second';
  if (seconds === 1) return '1 second';
  if (seconds < 60) return `${seconds} seconds`;
  const minutes = Math.floor(seconds / 60);
  if (minutes === 1) return 'About a minute';
  if (minutes < 60) return `${minutes} minutes`;
  const hours = Math.floor(ms / 3_600_000 + 0.5);
  if (hours === 1) return 'About an hour';
  if (hours < 48) return `${hours} hours`;
  if (hours < 24 * 7 * 2) return `${Math.floor(hours / 24)} days`;
  if (hours < 24 * 30 * 2) return `${Math.floor(hours / 24 / 7)} weeks`;
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24 / 30)} months`;
  return `${Math.floor(ms / 3_600_000 / 24 / 365)} years`;
}

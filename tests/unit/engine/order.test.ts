import { describe, expect, it } from 'vitest';
import type { ServiceDependency } from '../../../src/normalize/model.js';
import { dependencyOrder, serviceDependencies } from '../../../src/targets/engine/order.js';
import { lower, project, service } from './helpers.js';

const started: ServiceDependency = { condition: 'service_started', restart: false, required: true };
const on = (...names: string[]) => Object.fromEntries(names.map((n) => [n, started]));

describe('dependency order', () => {
  it('orders a diamond after its dependencies, ties by name', () => {
    // top → left, right → bottom
    const p = project([
      service('top', { depends_on: on('right', 'left') }),
      service('right', { depends_on: on('bottom') }),
      service('left', { depends_on: on('bottom') }),
      service('bottom'),
      service('alone'),
    ]);
    expect(dependencyOrder(p)).toEqual(['alone', 'bottom', 'left', 'right', 'top']);
    expect(lower(p).desired.services.map((s) => s.name)).toEqual(['alone', 'bottom', 'left', 'right', 'top']);
  });

  it('infers dependencies from links, service: modes and volumes_from', () => {
    const s = service('app', {
      links: [{ service: 'db', alias: 'database' }],
      network_mode: 'service:vpn',
      volumes_from: [
        { source: 'data', container: false, read_only: true },
        { source: 'ext', container: true, read_only: false },
      ],
      depends_on: { db: { condition: 'service_healthy', restart: false, required: true } },
    });
    expect(serviceDependencies(s)).toEqual({
      data: { condition: 'service_started', required: true, restart: false },
      db: { condition: 'service_healthy', restart: false, required: true },
      vpn: { condition: 'service_started', required: true, restart: true },
    });
  });

  it('ignores dependencies on services that are not in the project', () => {
    const p = project([service('a', { depends_on: { ghost: { ...started, required: false } } })]);
    expect(dependencyOrder(p)).toEqual(['a']);
  });
});

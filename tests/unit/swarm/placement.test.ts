import { describe, expect, it } from 'vitest';
import { deploy, lowerOne, service } from './helpers.js';

describe('swarm placement', () => {
  it('is absent without constraints, preferences or max replicas', () => {
    expect(lowerOne(service('a')).spec.TaskTemplate.Placement).toBeUndefined();
    expect(lowerOne(service('a', { deploy: deploy() })).spec.TaskTemplate.Placement).toBeUndefined();
  });

  it('sorts constraints, keeps spread preferences in order, passes max_replicas_per_node', () => {
    const placement = {
      constraints: ['node.role == worker', 'node.labels.zone != dmz', 'node.role == worker'],
      preferences: [{ spread: 'node.labels.zone' }, { spread: 'node.labels.rack' }],
      max_replicas_per_node: 1,
    };
    expect(lowerOne(service('a', { deploy: deploy({ placement }) })).spec.TaskTemplate.Placement).toEqual({
      Constraints: ['node.labels.zone != dmz', 'node.role == worker'],
      Preferences: [{ Spread: { SpreadDescriptor: 'node.labels.zone' } }, { Spread: { SpreadDescriptor: 'node.labels.rack' } }],
      MaxReplicas: 1,
    });
  });
});

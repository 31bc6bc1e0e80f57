/** The two places a deploy lock can live (see lock.ts for why these two). */
import type { EngineApi } from './engine-api.js';
import type { LockStore } from './lock.js';
import type { SwarmApi } from './swarm/swarm-api.js';

/** One host: a created, never started container `<project>-stackc-lock`, from any local image. */
export function containerLock(api: EngineApi, project: string, image: string): LockStore {
  const name = `${project}-stackc-lock`;
  return {
    name: `lock ${name}`,
    create: (labels) => api.createContainer(name, { Image: image, Labels: labels, Cmd: ['stackc-lock'], HostConfig: { NetworkMode: 'none' } }),
    find: async () => {
      const [found] = (await api.listContainers({ labels: ['dev.stackc.lock=true'], all: true })).filter((c) => c.name === name);
      return found && { id: found.id, labels: found.labels };
    },
    remove: (id) => api.removeContainer(id, { volumes: true, force: true }),
  };
}

/** A stack: a swarm config `<stack>_stackc-lock`, unique across every manager. */
export function configLock(swarm: SwarmApi, stack: string): LockStore {
  const name = `${stack}_stackc-lock`;
  return {
    name: `lock ${name}`,
    create: (labels) => swarm.createConfig({ Name: name, Labels: labels, Data: Buffer.from('stackc deploy lock\n').toString('base64') }),
    find: () => swarm.findConfig(name),
    remove: (id) => swarm.removeConfig(id),
  };
}

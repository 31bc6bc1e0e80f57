import { describe, expect, it } from 'vitest';
import type { Deploy } from '../../../src/normalize/model.js';
import { lowerOne, service } from './helpers.js';

const deploy = (resources: Deploy['resources']): Deploy => ({
  mode: 'replicated',
  labels: {},
  resources,
  placement: { constraints: [], preferences: [] },
});

describe('resources', () => {
  it('maps the service-level keys', () => {
    const s = service('a', {
      cpus: 1_500_000_000,
      cpu_shares: 512,
      cpu_period: 100000,
      cpu_quota: 50000,
      cpuset: '0,1',
      mem_limit: 512 * 1024 * 1024,
      mem_reservation: 128 * 1024 * 1024,
      memswap_limit: -1,
      pids_limit: 100,
      oom_kill_disable: true,
      oom_score_adj: 500,
      ulimits: { nproc: { soft: 65535, hard: 65535 }, nofile: { soft: 20000, hard: 40000 } },
    });
    expect(lowerOne(s).container.create.HostConfig).toMatchObject({
      NanoCpus: 1_500_000_000,
      CpuShares: 512,
      CpuPeriod: 100000,
      CpuQuota: 50000,
      CpusetCpus: '0,1',
      Memory: 536870912,
      MemoryReservation: 134217728,
      MemorySwap: -1,
      PidsLimit: 100,
      OomKillDisable: true,
      OomScoreAdj: 500,
      Ulimits: [
        { Name: 'nofile', Soft: 20000, Hard: 40000 },
        { Name: 'nproc', Soft: 65535, Hard: 65535 },
      ],
    });
  });

  it('takes deploy.resources when the service-level keys are unset', () => {
    const s = service('a', {
      deploy: deploy({ limits: { cpus: 500_000_000, memory: 1024, pids: 10 }, reservations: { memory: 512, devices: [], generic_resources: [] } }),
    });
    expect(lowerOne(s).container.create.HostConfig).toMatchObject({ NanoCpus: 500_000_000, Memory: 1024, PidsLimit: 10, MemoryReservation: 512 });
  });

  it('lets service-level keys win over deploy.resources', () => {
    const s = service('a', { cpus: 2e9, mem_limit: 2048, deploy: deploy({ limits: { cpus: 1e9, memory: 1024 } }) });
    expect(lowerOne(s).container.create.HostConfig).toMatchObject({ NanoCpus: 2e9, Memory: 2048 });
  });

  it('warns for a cpu reservation, which only swarm scheduling uses', () => {
    const s = service('a', { deploy: deploy({ reservations: { cpus: 1e9, devices: [], generic_resources: [] } }) });
    const { container, codes } = lowerOne(s);
    expect(codes).toEqual(['W0701']);
    expect(container.create.HostConfig.NanoCpus).toBeUndefined();
  });

  it('maps devices and gpus', () => {
    const s = service('a', {
      devices: [{ source: '/dev/ttyUSB0', target: '/dev/ttyUSB1' }, { source: '/dev/fuse' }],
      gpus: [{ count: 'all', capabilities: [], device_ids: [], options: {} }],
    });
    expect(lowerOne(s).container.create.HostConfig).toMatchObject({
      Devices: [
        { PathOnHost: '/dev/ttyUSB0', PathInContainer: '/dev/ttyUSB1', CgroupPermissions: 'rwm' },
        { PathOnHost: '/dev/fuse', PathInContainer: '/dev/fuse', CgroupPermissions: 'rwm' },
      ],
      DeviceRequests: [{ Driver: '', Count: -1, DeviceIDs: [], Capabilities: [['gpu']], Options: {} }],
    });
  });
});

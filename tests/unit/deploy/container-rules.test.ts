import { describe, expect, it } from 'vitest';
import type { ContainerDetails } from '../../../src/deploy/engine-api.js';
import { comparableContainer } from '../../../src/deploy/diff/container-rules.js';
import { fieldChanges } from '../../../src/deploy/diff/fields.js';
import type { ContainerCreateBody } from '../../../src/targets/engine/desired.js';

const image = { Env: ['PATH=/bin'], Labels: { maintainer: 'someone' }, ExposedPorts: { '80/tcp': {} }, Cmd: ['sh'] };

const desired: ContainerCreateBody = {
  Image: 'app:1',
  Cmd: ['serve'],
  Env: ['B=2', 'A=1'],
  Labels: { 'com.docker.compose.project': 'p', team: 'x' },
  ExposedPorts: { '8080/tcp': {} },
  HostConfig: { Memory: 1024, CapAdd: ['NET_ADMIN', 'SYS_TIME'] },
  NetworkingConfig: { EndpointsConfig: { p_default: { Aliases: ['app'] } } },
};

/** What `docker inspect` shows for a container made from `desired` on top of `image`. */
function inspected(overrides: { config?: Record<string, unknown>; hostConfig?: Record<string, unknown> } = {}): ContainerDetails {
  return {
    id: 'c1',
    name: 'p-app-1',
    labels: {},
    networks: {},
    state: { status: 'running', running: true, exitCode: 0 },
    config: {
      Image: 'app:1',
      Cmd: ['serve'],
      Env: ['PATH=/bin', 'A=1', 'B=2'],
      Labels: { maintainer: 'someone', team: 'x', 'com.docker.compose.project': 'p', 'com.docker.compose.config-hash': 'abc' },
      ExposedPorts: { '80/tcp': {}, '8080/tcp': {} },
      Hostname: '0123456789ab',
      WorkingDir: '/',
      ...overrides.config,
    },
    hostConfig: { Memory: 1024, CapAdd: ['SYS_TIME', 'NET_ADMIN'], NanoCpus: 0, RestartPolicy: { Name: 'no' }, ...overrides.hostConfig },
  };
}

const changes = (live: ContainerDetails) => {
  const c = comparableContainer(live, image, desired);
  return fieldChanges(c.live, c.desired).map((f) => f.path);
};

describe('comparableContainer', () => {
  it('finds nothing between a container and the body it was created from', () => {
    expect(changes(inspected())).toEqual([]);
  });

  it('reports a changed env value, a changed command and a changed host setting', () => {
    expect(changes(inspected({ config: { Env: ['PATH=/bin', 'A=1', 'B=3'] } }))).toEqual(['Env[1]']);
    expect(changes(inspected({ config: { Cmd: ['other'] } }))).toEqual(['Cmd[0]']);
    expect(changes(inspected({ hostConfig: { Memory: 2048 } }))).toEqual(['HostConfig.Memory']);
  });

  it('reports a user label removed by hand but never compose bookkeeping or image labels', () => {
    expect(changes(inspected({ config: { Labels: { maintainer: 'someone', 'com.docker.compose.project': 'q' } } }))).toEqual(['Labels.team']);
  });
});

import { describe, expect, it } from 'vitest';
import { capabilities } from '../../../src/targets/swarm/container-spec.js';
import { deploy, lowerOne, service } from './helpers.js';

describe('swarm container spec and service labels', () => {
  it('names the service `<stack>_<name>` and labels it like docker stack deploy', () => {
    const s = service('web', { image: 'nginx:1.25', labels: { role: 'edge' }, deploy: deploy({ labels: { tier: 'front' } }) });
    const { service: lowered, spec } = lowerOne(s, {}, { stack: 'shop' });
    expect(lowered.name).toBe('shop_web');
    expect(spec.Name).toBe('shop_web');
    expect(spec.Labels).toEqual({ 'com.docker.stack.image': 'nginx:1.25', 'com.docker.stack.namespace': 'shop', tier: 'front' });
    expect(spec.TaskTemplate.ContainerSpec.Labels).toEqual({ 'com.docker.stack.namespace': 'shop', role: 'edge' });
  });

  it('maps entrypoint → Command, command → Args, env sorted, hosts as `IP host`', () => {
    const s = service('w', {
      entrypoint: ['python', '-m', 'worker'],
      command: ['--queue', 'mail'],
      environment: { Z: '1', A: 'x=y', UNSET: null, EMPTY: '' },
      extra_hosts: { 'metrics.internal': ['10.0.0.5'], 'ipv6.internal': ['::1', 'fe80::1'] },
    });
    const { container } = lowerOne(s);
    expect(container.Command).toEqual(['python', '-m', 'worker']);
    expect(container.Args).toEqual(['--queue', 'mail']);
    expect(container.Env).toEqual(['A=x=y', 'EMPTY=', 'Z=1']);
    expect(container.Hosts).toEqual(['::1 ipv6.internal', 'fe80::1 ipv6.internal', '10.0.0.5 metrics.internal']);
  });

  it('passes the plain container keys through', () => {
    const s = service('w', {
      hostname: 'h',
      working_dir: '/srv',
      user: '1000:1000',
      group_add: ['audio'],
      init: true,
      tty: true,
      stdin_open: true,
      read_only: true,
      stop_signal: 'SIGTERM',
      stop_grace_period: 90e9,
      isolation: 'default',
      sysctls: { 'net.core.somaxconn': '1024' },
      ulimits: { nproc: { soft: 65535, hard: 65535 }, nofile: { soft: 20000, hard: 40000 } },
      dns: ['10.0.0.2', '1.1.1.1'],
      dns_search: ['example.com'],
      dns_opt: ['ndots:2'],
      healthcheck: { test: ['CMD', 'true'], interval: 30e9, timeout: 3e9, retries: 3, start_period: 5e9 },
      logging: { driver: 'json-file', options: { 'max-size': '10m' } },
    });
    const { container, spec, warnings } = lowerOne(s);
    expect(container).toMatchObject({
      Hostname: 'h',
      Dir: '/srv',
      User: '1000:1000',
      Groups: ['audio'],
      Init: true,
      TTY: true,
      OpenStdin: true,
      ReadOnly: true,
      StopSignal: 'SIGTERM',
      StopGracePeriod: 90e9,
      Isolation: 'default',
      Sysctls: { 'net.core.somaxconn': '1024' },
      Ulimits: [
        { Name: 'nofile', Soft: 20000, Hard: 40000 },
        { Name: 'nproc', Soft: 65535, Hard: 65535 },
      ],
      DNSConfig: { Nameservers: ['10.0.0.2', '1.1.1.1'], Search: ['example.com'], Options: ['ndots:2'] },
      Healthcheck: { Test: ['CMD', 'true'], Interval: 30e9, Timeout: 3e9, Retries: 3, StartPeriod: 5e9 },
    });
    expect(spec.TaskTemplate.LogDriver).toEqual({ Name: 'json-file', Options: { 'max-size': '10m' } });
    expect(warnings).toEqual([]);
  });

  it('sets nothing the file does not set', () => {
    const { container, spec } = lowerOne(service('a', { image: 'busybox' }));
    expect(container).toEqual({ Image: 'busybox', Labels: { 'com.docker.stack.namespace': 'app' } });
    expect(spec).toEqual({
      Name: 'app_a',
      Labels: { 'com.docker.stack.image': 'busybox', 'com.docker.stack.namespace': 'app' },
      TaskTemplate: { ContainerSpec: container, Networks: [{ Target: 'app_default', Aliases: ['a'] }] },
      Mode: { Replicated: {} },
      EndpointSpec: { Mode: 'vip' },
    });
  });

  it('normalizes capabilities as the docker CLI does', () => {
    expect(capabilities(['net_bind_service', 'CAP_SYS_ADMIN', 'chown'], ['ALL', 'chown'])).toEqual({
      add: ['CAP_CHOWN', 'CAP_NET_BIND_SERVICE', 'CAP_SYS_ADMIN'],
      drop: ['ALL'],
    });
    // Once `ALL` is added, the other added names are gone, so they no longer cancel a drop (docker's rule).
    expect(capabilities(['all', 'NET_ADMIN'], ['NET_RAW', 'CAP_NET_ADMIN'])).toEqual({ add: ['ALL'], drop: ['CAP_NET_ADMIN', 'CAP_NET_RAW'] });
    expect(lowerOne(service('a', { cap_add: ['NET_ADMIN'], cap_drop: ['ALL'] })).container).toMatchObject({ CapabilityAdd: ['CAP_NET_ADMIN'], CapabilityDrop: ['ALL'] });
  });

  it('uses the build tag `<project>-<service>` when there is no image, and warns about build', () => {
    const s = service('web', { image: undefined, build: { context: '/srv/app', args: {}, additional_contexts: {}, cache_from: [], cache_to: [], entitlements: [], extra_hosts: {}, labels: {}, platforms: [], secrets: [], ssh: {}, tags: [], ulimits: {} } });
    const { container, spec, warnings } = lowerOne(s);
    expect(container.Image).toBe('app-web');
    expect(spec.Labels['com.docker.stack.image']).toBe('app-web');
    expect(warnings).toEqual([['W0701', ['services', 'web', 'build']]]);
  });

  it('warns that an empty entrypoint or command cannot reset the image on a swarm', () => {
    const { container, warnings } = lowerOne(service('a', { entrypoint: [], command: [] }));
    expect(container.Command).toBeUndefined();
    expect(container.Args).toBeUndefined();
    expect(warnings).toEqual([
      ['W0701', ['services', 'a', 'entrypoint']],
      ['W0701', ['services', 'a', 'command']],
    ]);
  });

  it('maps a healthcheck that disables the image check, and warns about start_interval', () => {
    const { container, warnings } = lowerOne(service('a', { healthcheck: { test: ['NONE'], start_interval: 1e9 } }));
    expect(container.Healthcheck).toEqual({ Test: ['NONE'] });
    expect(warnings).toEqual([['W0701', ['services', 'a', 'healthcheck', 'start_interval']]]);
  });
});

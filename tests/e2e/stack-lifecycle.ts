/**
 * The lifecycle a swarm e2e suite shares: swarm mode and a counting API proxy before its tests;
 * after them, even when they fail, the stack removed (stackc rm waits until it is gone), the
 * proxy closed and the scratch directory deleted. Call inside the suite's describe.
 */
import { afterAll, beforeAll } from 'vitest';
import { startApiProxy, type ApiProxy } from './api-proxy.js';
import { docker, ensureSwarm } from './engine.js';
import { removeScratch, stackc } from './harness.js';

export function stackLifecycle(dockerHost: string, stack: string, dir: string): { readonly proxy: () => ApiProxy } {
  let proxy: ApiProxy | undefined;
  beforeAll(async () => {
    await ensureSwarm(dockerHost);
    proxy = await startApiProxy(dockerHost.replace(/^unix:\/\//, ''));
  });
  afterAll(async () => {
    await proxy?.close();
    // stackc rm waits until everything is gone; should stackc itself be what broke, docker removes it.
    const removed = await stackc(['rm', stack, '--progress', 'quiet'], { cwd: dir, dockerHost }).then(
      (r) => r.code === 0,
      () => false,
    );
    if (!removed) await docker(['stack', 'rm', stack], dockerHost);
    removeScratch(dir);
  });
  return {
    proxy: () => {
      if (!proxy) throw new Error('the API proxy starts in beforeAll; use it inside tests');
      return proxy;
    },
  };
}

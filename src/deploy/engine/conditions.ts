/**
 * depends_on conditions, checked by polling the dependency's containers (reads only):
 * service_started — running; service_healthy — health status healthy (fails when unhealthy);
 * service_completed_successfully — exited with code 0 (fails on another code).
 */
import type { EngineApi } from '../engine-api.js';
import type { DependencyCondition, DesiredService } from '../../targets/engine/desired.js';
import { LABELS } from '../../targets/engine/labels.js';
import { isReplaced } from './replaced.js';

export interface WaitOptions {
  /** Give up after this long (default 5 minutes). */
  readonly waitTimeoutMs?: number;
  readonly pollMs?: number;
  /** Ctrl-C under `--rollback-on-failure`: stop before the next step, so the run can be undone. */
  readonly interrupt?: AbortSignal;
}

export class DependencyError extends Error {}

export class InterruptedError extends Error {
  constructor() {
    super('interrupted');
  }
}

/** Called before each write and each poll: what is in flight finishes, nothing new starts. */
export function throwIfInterrupted(options: Pick<WaitOptions, 'interrupt'>): void {
  if (options.interrupt?.aborted) throw new InterruptedError();
}

type Verdict = 'met' | 'waiting' | string;

export async function waitForCondition(
  api: EngineApi,
  service: DesiredService,
  condition: DependencyCondition,
  required: boolean,
  options: WaitOptions,
): Promise<void> {
  const deadline = Date.now() + (options.waitTimeoutMs ?? 300_000);
  for (;;) {
    throwIfInterrupted(options);
    const verdict = await check(api, service, condition);
    if (verdict === 'met') return;
    if (verdict !== 'waiting') {
      if (!required) return;
      throw new DependencyError(`dependency ${service.name} ${verdict}`);
    }
    if (Date.now() > deadline) throw new DependencyError(`timed out waiting for ${service.name} to be ${condition.replace('service_', '').replace(/_/g, ' ')}`);
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 250));
  }
}

async function check(api: EngineApi, service: DesiredService, condition: DependencyCondition): Promise<Verdict> {
  const project = service.containers[0]?.create.Labels[LABELS.project] ?? '';
  const listed = await api.listContainers({ labels: [`${LABELS.project}=${project}`, `${LABELS.service}=${service.name}`], all: true });
  // A container set aside by `--rollback-on-failure` is stopped on purpose: not the service's state.
  const summaries = listed.filter((c) => !isReplaced(c));
  if (!summaries.length) return 'has no containers';
  const details = await Promise.all(summaries.map((c) => api.inspectContainer(c.id)));
  const verdicts = details.map((d): Verdict => {
    switch (condition) {
      case 'service_started':
        return d.state.running || d.state.status === 'exited' ? 'met' : 'waiting';
      case 'service_healthy':
        if (d.state.health === undefined) return d.state.running ? 'has no healthcheck, so it can never be healthy' : 'waiting';
        if (d.state.health === 'unhealthy') return `is unhealthy (container ${d.name})`;
        if (!d.state.running && d.state.status === 'exited') return `exited with code ${d.state.exitCode} before becoming healthy`;
        return d.state.health === 'healthy' ? 'met' : 'waiting';
      default:
        if (d.state.running || d.state.status === 'created') return 'waiting';
        return d.state.exitCode === 0 ? 'met' : `exited with code ${d.state.exitCode} (container ${d.name})`;
    }
  });
  return verdicts.find((v) => v !== 'met' && v !== 'waiting') ?? (verdicts.every((v) => v === 'met') ? 'met' : 'waiting');
}

/** `up --wait`: every service running (and healthy where it has a health check), or done for one-shot ones. */
export async function waitForProject(api: EngineApi, desired: { services: readonly DesiredService[] }, options: WaitOptions): Promise<void> {
  await Promise.all(
    desired.services.map((service) => {
      const healthcheck = service.containers[0]?.create.Healthcheck;
      const hasCheck = Boolean(healthcheck?.Test && healthcheck.Test[0] !== 'NONE');
      return waitForCondition(api, service, hasCheck ? 'service_healthy' : 'service_started', true, options);
    }),
  );
}

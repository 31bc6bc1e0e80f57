/**
 * Keys that mean nothing on a single engine. Each is a W0701 at its path, only when the user set
 * it. Keys handled by a lowering helper (build, restart_policy, resources ...) are reported
 * there; this table covers the ones the engine target skips outright.
 */
import type { Project, Service } from '../../normalize/model.js';
import { servicePath, unsupported, type LowerContext } from './context.js';

interface Rule {
  readonly key: readonly string[];
  readonly set: (s: Service) => boolean;
  readonly why: string;
}

const SWARM_ONLY = 'is for swarm services; one engine ignores it';
const has = (list: readonly unknown[] | undefined) => (list?.length ?? 0) > 0;
const hasKeys = (record: object | undefined) => record !== undefined && Object.keys(record).length > 0;

const SERVICE_RULES: readonly Rule[] = [
  { key: ['deploy', 'placement'], set: (s) => !!s.deploy && (has(s.deploy.placement.constraints) || has(s.deploy.placement.preferences) || s.deploy.placement.max_replicas_per_node !== undefined), why: SWARM_ONLY },
  { key: ['deploy', 'update_config'], set: (s) => s.deploy?.update_config !== undefined, why: SWARM_ONLY },
  { key: ['deploy', 'rollback_config'], set: (s) => s.deploy?.rollback_config !== undefined, why: SWARM_ONLY },
  { key: ['deploy', 'endpoint_mode'], set: (s) => s.deploy?.endpoint_mode !== undefined, why: SWARM_ONLY },
  { key: ['deploy', 'labels'], set: (s) => hasKeys(s.deploy?.labels), why: 'are swarm service labels; use `labels:` for container labels' },
  { key: ['deploy', 'mode'], set: (s) => s.deploy?.mode === 'replicated-job' || s.deploy?.mode === 'global-job', why: 'jobs are swarm services; here the containers run once like any other' },
  { key: ['develop'], set: (s) => s.develop !== undefined, why: 'drives `docker compose watch`, which stackc does not implement' },
  { key: ['use_api_socket'], set: (s) => s.use_api_socket === true, why: 'is not supported: mount the socket with `volumes:`' },
  { key: ['post_start'], set: (s) => has(s.post_start), why: 'lifecycle hooks are not run by stackc' },
  { key: ['pre_stop'], set: (s) => has(s.pre_stop), why: 'lifecycle hooks are not run by stackc' },
  { key: ['models'], set: (s) => hasKeys(s.models), why: 'needs Docker Model Runner' },
  { key: ['provider'], set: (s) => s.provider !== undefined, why: 'provider services are not supported' },
  { key: ['label_file'], set: (s) => has(s.label_file), why: 'is not read: put the labels under `labels:`' },
  { key: ['annotations'], set: (s) => hasKeys(s.annotations), why: 'needs Engine API 1.43' },
  { key: ['credential_spec'], set: (s) => s.credential_spec !== undefined, why: 'is for Windows gMSA on swarm; it is ignored' },
];

export function reportUnsupportedServiceKeys(service: Service, ctx: LowerContext): void {
  for (const rule of SERVICE_RULES) {
    if (rule.set(service)) unsupported(ctx, servicePath(service.name, ...rule.key), `\`${rule.key.join('.')}\` ${rule.why}`);
  }
}

/** Top-level secrets/configs that only a swarm can provide, and top-level models. */
export function reportUnsupportedProjectKeys(project: Project, ctx: LowerContext): void {
  for (const kind of ['secrets', 'configs'] as const) {
    for (const key of Object.keys(project[kind]).sort()) {
      const def = project[kind][key]!;
      if (def.external) unsupported(ctx, [kind, key, 'external'], `external ${kind} live in a swarm; one engine cannot mount \`${key}\``);
      if (def.driver !== undefined) unsupported(ctx, [kind, key, 'driver'], `\`driver\` of ${kind} is swarm-only; it is ignored`);
      if (def.template_driver !== undefined) unsupported(ctx, [kind, key, 'template_driver'], `\`template_driver\` of ${kind} is swarm-only; it is ignored`);
    }
  }
  if (Object.keys(project.models).length) unsupported(ctx, ['models'], 'top-level `models` need Docker Model Runner; they are ignored');
}

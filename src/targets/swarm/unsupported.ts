/**
 * Keys a swarm service cannot honour. Each is a W0701 at its path, only when the user set it.
 * Keys handled by a lowering helper (restart, resources, networks, ports, mounts ...) are reported
 * there; this table covers the ones the swarm target skips outright.
 */
import type { Project, Service } from '../../normalize/model.js';
import { servicePath, unsupported, type LowerContext } from './context.js';

interface Rule {
  readonly key: readonly string[];
  readonly set: (s: Service) => boolean;
  readonly why: string;
  readonly hint?: string;
}

const has = (list: readonly unknown[] | undefined) => (list?.length ?? 0) > 0;
const hasKeys = (record: object | undefined) => record !== undefined && Object.keys(record).length > 0;
const defined = (value: unknown) => value !== undefined;

const NO_SERVICE_FIELD = 'has no swarm service equivalent; it is ignored';
const NAMESPACE = 'is ignored: swarm tasks cannot share namespaces with the host or other containers';

const SERVICE_RULES: readonly Rule[] = [
  { key: ['build'], set: (s) => defined(s.build), why: 'is ignored: a swarm does not build images', hint: 'build and push the image first, then deploy it by `image:`' },
  { key: ['container_name'], set: (s) => defined(s.container_name), why: 'is ignored: swarm names each task container itself' },
  { key: ['depends_on'], set: (s) => hasKeys(s.depends_on), why: 'is ignored by swarm; services start in any order', hint: 'make services wait for their dependencies (retry on connect), or use healthchecks' },
  { key: ['links'], set: (s) => has(s.links), why: 'is ignored by swarm: services reach each other by name on a shared network' },
  { key: ['external_links'], set: (s) => has(s.external_links), why: 'is ignored by swarm: attach the service to the other container\'s network instead' },
  { key: ['network_mode'], set: (s) => defined(s.network_mode), why: 'is ignored by swarm; the service joins the stack\'s default network', hint: 'use `networks:` (an external `host` network gives host networking)' },
  { key: ['expose'], set: (s) => has(s.expose), why: 'is ignored: on a swarm network every port of a task is reachable by the other services' },
  { key: ['volumes_from'], set: (s) => has(s.volumes_from), why: 'is ignored: swarm tasks cannot share another container\'s volumes', hint: 'mount the same named volume in both services' },
  { key: ['privileged'], set: (s) => defined(s.privileged), why: NO_SERVICE_FIELD },
  { key: ['devices'], set: (s) => has(s.devices), why: NO_SERVICE_FIELD },
  { key: ['device_cgroup_rules'], set: (s) => has(s.device_cgroup_rules), why: NO_SERVICE_FIELD },
  { key: ['gpus'], set: (s) => defined(s.gpus), why: NO_SERVICE_FIELD, hint: 'reserve node generic resources with `deploy.resources.reservations.generic_resources`' },
  { key: ['security_opt'], set: (s) => has(s.security_opt), why: NO_SERVICE_FIELD },
  { key: ['userns_mode'], set: (s) => defined(s.userns_mode), why: NAMESPACE },
  { key: ['pid'], set: (s) => defined(s.pid), why: NAMESPACE },
  { key: ['ipc'], set: (s) => defined(s.ipc), why: NAMESPACE },
  { key: ['uts'], set: (s) => defined(s.uts), why: NAMESPACE },
  { key: ['cgroup'], set: (s) => defined(s.cgroup), why: NO_SERVICE_FIELD },
  { key: ['cgroup_parent'], set: (s) => defined(s.cgroup_parent), why: NO_SERVICE_FIELD },
  { key: ['domainname'], set: (s) => defined(s.domainname), why: NO_SERVICE_FIELD },
  { key: ['mac_address'], set: (s) => defined(s.mac_address), why: 'is ignored: swarm assigns each task\'s addresses' },
  { key: ['oom_score_adj'], set: (s) => defined(s.oom_score_adj), why: 'needs Engine API 1.46 on a swarm service; it is ignored' },
  { key: ['runtime'], set: (s) => defined(s.runtime), why: NO_SERVICE_FIELD },
  { key: ['storage_opt'], set: (s) => hasKeys(s.storage_opt), why: NO_SERVICE_FIELD },
  { key: ['platform'], set: (s) => defined(s.platform), why: 'is ignored: the scheduler places tasks by the platforms the image supports', hint: 'use a `node.platform.arch`/`node.platform.os` placement constraint' },
  { key: ['pull_policy'], set: (s) => defined(s.pull_policy), why: 'is ignored: swarm nodes pull the image when they start a task (see `--resolve-image`)' },
  { key: ['pull_refresh_after'], set: (s) => defined(s.pull_refresh_after), why: 'is ignored: swarm nodes pull the image when they start a task' },
  { key: ['attach'], set: (s) => defined(s.attach), why: 'only affects attaching to logs in `up`; it is ignored' },
  { key: ['annotations'], set: (s) => hasKeys(s.annotations), why: 'needs Engine API 1.43; it is ignored' },
  { key: ['develop'], set: (s) => defined(s.develop), why: 'drives `docker compose watch`, which stackc does not implement' },
  { key: ['use_api_socket'], set: (s) => s.use_api_socket === true, why: 'is not supported: mount the socket with `volumes:`' },
  { key: ['post_start'], set: (s) => has(s.post_start), why: 'lifecycle hooks are not run by swarm' },
  { key: ['pre_stop'], set: (s) => has(s.pre_stop), why: 'lifecycle hooks are not run by swarm' },
  { key: ['models'], set: (s) => hasKeys(s.models), why: 'needs Docker Model Runner' },
  { key: ['provider'], set: (s) => defined(s.provider), why: 'provider services are not supported' },
  { key: ['label_file'], set: (s) => has(s.label_file), why: 'is not read: put the labels under `labels:`' },
];

export function reportUnsupportedServiceKeys(service: Service, ctx: LowerContext): void {
  for (const rule of SERVICE_RULES) {
    if (rule.set(service)) unsupported(ctx, servicePath(service.name, ...rule.key), `\`${rule.key.join('.')}\` ${rule.why}`, rule.hint);
  }
}

export function reportUnsupportedProjectKeys(project: Project, ctx: LowerContext): void {
  if (Object.keys(project.models).length) unsupported(ctx, ['models'], 'top-level `models` need Docker Model Runner; they are ignored');
}

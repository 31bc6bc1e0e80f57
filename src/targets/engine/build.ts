/**
 * `build:`, `image:` and `pull_policy:` → what deploy builds, tags and pulls. A built service
 * without `image:` is tagged `<project>-<service>` (compose v2's default) and defaults to
 * pull policy `build`; everything else defaults to `missing`. Build keys the engine's
 * /build endpoint (API 1.41, classic builder) has no parameter for are W0701.
 */
import type { Build, Service } from '../../normalize/model.js';
import { servicePath, unsupported, type LowerContext } from './context.js';
import type { BuildSpec, DesiredService } from './desired.js';
import { defaultImageName } from './names.js';
import { compact, nonEmpty, sortRecord } from './records.js';

type PullPolicy = DesiredService['pullPolicy'];

export function serviceImage(service: Service, project: string): string {
  return service.image ?? defaultImageName(project, service.name);
}

export function pullPolicy(service: Service, ctx: LowerContext): PullPolicy {
  const policy = service.pull_policy;
  if (service.pull_refresh_after !== undefined) {
    unsupported(ctx, servicePath(service.name, 'pull_refresh_after'), '`pull_refresh_after` is not supported: the image is pulled when missing');
  }
  if (policy === undefined) return service.build && service.image === undefined ? 'build' : 'missing';
  if (policy === 'always' || policy === 'never' || policy === 'build' || policy === 'missing') return policy;
  if (policy === 'if_not_present') return 'missing';
  unsupported(ctx, servicePath(service.name, 'pull_policy'), `pull policy \`${policy}\` is not supported: the image is pulled when missing`);
  return 'missing';
}

export function buildSpec(service: Service, ctx: LowerContext): BuildSpec | undefined {
  const build = service.build;
  if (!build) return undefined;
  reportUnsupportedBuild(service.name, build, ctx);
  const args: Record<string, string> = {};
  for (const [key, value] of Object.entries(build.args)) if (value !== null) args[key] = value;
  const extraHosts = Object.keys(build.extra_hosts)
    .sort()
    .flatMap((host) => build.extra_hosts[host]!.map((ip) => `${host}:${ip}`));
  return compact<BuildSpec>({
    context: build.context,
    dockerfile: build.dockerfile ?? 'Dockerfile',
    args: sortRecord(args),
    target: build.target,
    labels: sortRecord(build.labels),
    tags: [...build.tags],
    cacheFrom: nonEmpty(build.cache_from),
    extraHosts: nonEmpty(extraHosts),
    network: build.network,
    noCache: build.no_cache,
    pull: build.pull,
    shmSize: build.shm_size,
    platform: build.platforms.length === 1 ? build.platforms[0] : undefined,
  });
}

/** Build keys with no /build query parameter in API 1.41 (they need BuildKit or buildx). */
const UNSUPPORTED_BUILD_KEYS = [
  'additional_contexts', 'cache_to', 'dockerfile_inline', 'entitlements', 'isolation', 'privileged', 'provenance', 'sbom', 'secrets', 'ssh', 'ulimits',
] as const;

function reportUnsupportedBuild(service: string, build: Build, ctx: LowerContext): void {
  for (const key of UNSUPPORTED_BUILD_KEYS) {
    if (isSet(build[key])) unsupported(ctx, servicePath(service, 'build', key), `\`build.${key}\` is not supported by the engine's classic builder (API 1.41); it is ignored`);
  }
  if (build.platforms.length > 1) {
    unsupported(ctx, servicePath(service, 'build', 'platforms'), 'a multi-platform build needs buildx; only one platform can be built here');
  }
}

function isSet(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') return Object.keys(value).length > 0;
  return true;
}

/**
 * One service → DesiredService: image/build/pull, dependencies, the config hash and one
 * container per replica.
 */
import type { Service } from '../../normalize/model.js';
import { report, servicePath, type LowerContext } from './context.js';
import type { DesiredService } from './desired.js';
import { buildSpec, pullPolicy, serviceImage } from './build.js';
import { containerTemplate, replicaContainer } from './container.js';
import { configHash } from './hash.js';
import { serviceLabels } from './labels.js';
import { reportReplicaPortClash } from './ports.js';
import { serviceDependencies } from './order.js';
import { compact } from './records.js';
import { reportUnsupportedServiceKeys } from './unsupported.js';

export function lowerService(service: Service, ctx: LowerContext): DesiredService {
  reportUnsupportedServiceKeys(service, ctx);
  const replicas = ctx.replicas.get(service.name) ?? 1;
  if (service.container_name !== undefined && replicas > 1) {
    report(ctx, 'E0610', `\`${service.name}\` has \`container_name\` and ${replicas} replicas: container names must be unique`, servicePath(service.name, 'container_name'), 'remove `container_name` to scale the service');
  }
  reportReplicaPortClash(service, replicas, ctx);
  const dependsOn = serviceDependencies(service);
  const image = serviceImage(service, ctx.project.name);
  const labels = serviceLabels(service.labels, {
    project: ctx.project.name,
    service: service.name,
    workingDir: ctx.options.workingDir,
    configFiles: ctx.options.configFiles,
    ...(ctx.options.environmentFiles ? { environmentFiles: ctx.options.environmentFiles } : {}),
    dependsOn,
  });
  const template = containerTemplate(service, image, labels, ctx);
  const hash = configHash(template);
  return compact<DesiredService>({
    name: service.name,
    replicas,
    configHash: hash,
    image,
    build: buildSpec(service, ctx),
    pullPolicy: pullPolicy(service, ctx),
    platform: service.platform,
    dependsOn,
    containers: Array.from({ length: replicas }, (_, i) => replicaContainer(service, template, i + 1, hash, ctx)),
  });
}

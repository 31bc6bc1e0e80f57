/**
 * One service → DesiredSwarmService: the ServiceSpec docker stack deploy would send for it
 * (name `<stack>_<service>`, deploy.labels + namespace + image labels, container spec, task
 * resources/restart/placement/networks/logging, mode, update and rollback, endpoint).
 */
import type { Service } from '../../normalize/model.js';
import { defaultImageName } from '../engine/names.js';
import { compact, nonEmpty, nonEmptyRecord } from '../engine/records.js';
import { servicePath, type LowerContext } from './context.js';
import { containerSpec } from './container-spec.js';
import type { DesiredSwarmService, ServiceSpec, TaskSpec } from './desired.js';
import { endpointSpec } from './endpoint.js';
import { serviceMode } from './mode.js';
import { LABELS, namespaced, scope } from './names.js';
import { checkObjectName } from './object-names.js';
import { serviceAttachments } from './networks.js';
import { placement } from './placement.js';
import { reportServiceLevelResources, resources } from './resources.js';
import { restartPolicy } from './restart.js';
import { reportUnsupportedServiceKeys } from './unsupported.js';
import { updateConfig } from './update-config.js';

/** The image to run: `image:`, or the tag a build without one gets (`<project>-<service>`), which must be pushed. */
export function serviceImage(service: Service, ctx: LowerContext): string {
  return service.image ?? defaultImageName(ctx.project.name, service.name);
}

export function lowerService(service: Service, ctx: LowerContext): DesiredSwarmService {
  reportUnsupportedServiceKeys(service, ctx);
  reportServiceLevelResources(service, ctx);
  const { stack } = ctx.options;
  const name = scope(stack, service.name);
  checkObjectName(ctx, 'service', name, { path: servicePath(service.name), target: 'key' });
  const image = serviceImage(service, ctx);
  const task = compact<TaskSpec>({
    ContainerSpec: containerSpec(service, image, ctx),
    Resources: resources(service, ctx),
    RestartPolicy: restartPolicy(service, ctx),
    Placement: placement(service.deploy?.placement),
    Networks: nonEmpty(serviceAttachments(service, ctx)),
    LogDriver: service.logging ? compact({ Name: service.logging.driver ?? '', Options: nonEmptyRecord(service.logging.options) }) : undefined,
  });
  const spec = compact<ServiceSpec>({
    Name: name,
    Labels: namespaced({ ...service.deploy?.labels, [LABELS.image]: image }, stack),
    TaskTemplate: task,
    Mode: serviceMode(service, ctx),
    UpdateConfig: updateConfig(service.deploy?.update_config),
    RollbackConfig: updateConfig(service.deploy?.rollback_config),
    EndpointSpec: endpointSpec(service, ctx),
  });
  return { key: service.name, name, spec };
}

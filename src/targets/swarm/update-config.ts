/**
 * `deploy.update_config` / `rollback_config` → ServiceSpec.UpdateConfig / RollbackConfig. Absent
 * when the file has none (swarm's defaults apply); otherwise Parallelism defaults to 1, as docker
 * stack deploy sends it (the engine would take a missing one as 0 = all tasks at once).
 */
import type { UpdateConfig as IrUpdateConfig } from '../../normalize/model.js';
import { compact } from '../engine/records.js';
import type { UpdateConfig } from './desired.js';

export const DEFAULT_PARALLELISM = 1;

export function updateConfig(config: IrUpdateConfig | undefined): UpdateConfig | undefined {
  if (!config) return undefined;
  return compact<UpdateConfig>({
    Parallelism: config.parallelism ?? DEFAULT_PARALLELISM,
    Delay: config.delay,
    FailureAction: config.failure_action,
    Monitor: config.monitor,
    MaxFailureRatio: config.max_failure_ratio,
    Order: config.order,
  });
}

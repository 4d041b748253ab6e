import type { DeployTargetConfig } from '../../core/config/deploy-target-schema.js';
import type { DeployTarget } from '../../core/deploys/deploy-ports.js';
import { CommandTarget } from './command-target.js';
import { HttpTarget, type HttpTargetOptions } from './http-target.js';
import type { CommandOptions } from './run-template.js';

/**
 * What every deploy target needs from the composition root: the config file's folder (`baseDir`), Shipgate's
 * environment (`env`: `pass_env` values and `secret_env` secrets), and optionally the clock HTTP signatures use
 * and the SIGTERM → SIGKILL grace of commands.
 */
export type DeployTargetOptions = CommandOptions & HttpTargetOptions;

/** Builds the deploy target a service's `deploy:` settings describe (`adapter: command` or `adapter: http`). */
export function createDeployTarget(
  serviceName: string,
  config: DeployTargetConfig,
  options: DeployTargetOptions,
): DeployTarget {
  switch (config.adapter) {
    case 'command':
      return new CommandTarget(serviceName, config, options);
    case 'http':
      return new HttpTarget(serviceName, config, options);
  }
}

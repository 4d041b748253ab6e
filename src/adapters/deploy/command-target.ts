import type { DeployTargetConfig } from '../../core/config/deploy-target-schema.js';
import type { DeployTarget } from '../../core/deploys/deploy-ports.js';
import type { PlanStep, StepContext, StepOutcome } from '../../core/deploys/deploy-types.js';
import { shipgateVariables } from './command-environment.js';
import { contextForStep } from './fill-template.js';
import { type CommandOptions, runTemplate } from './run-template.js';
import { refusal } from './step-outcome.js';

/** The `adapter: command` settings of a service. */
export type CommandTargetConfig = Extract<DeployTargetConfig, { adapter: 'command' }>;

/** A deploy step's timeout when the target sets none. */
export const DEFAULT_STEP_TIMEOUT_MS = 10 * 60_000;

/**
 * Runs each deploy step as the command configured for its kind (`steps.deploy`, `steps.switch_traffic`, …),
 * split into argv and filled per argument, as a real child process with no shell, a minimal environment and the
 * target's timeout.
 */
export class CommandTarget implements DeployTarget {
  constructor(
    private readonly service: string,
    private readonly config: CommandTargetConfig,
    private readonly options: CommandOptions,
  ) {}

  async runStep(step: PlanStep, context: StepContext, signal?: AbortSignal): Promise<StepOutcome> {
    const template = this.config.steps[step.kind];
    if (template === undefined) return refusal(`no ${step.kind} command configured for ${this.service}`);
    const filled = contextForStep(step, context);
    const what = `the ${step.kind} command of ${this.service}`;
    const variables = shipgateVariables(filled, { SHIPGATE_STEP: step.kind, SHIPGATE_STEP_ID: step.id });
    const timeoutMs = this.config.timeout?.ms ?? DEFAULT_STEP_TIMEOUT_MS;
    return runTemplate(
      { template, what, context: filled, settings: this.config, variables, timeoutMs },
      this.options,
      signal,
    );
  }
}

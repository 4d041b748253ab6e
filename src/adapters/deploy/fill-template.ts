import { tokenize } from '../../core/commands/tokenize.js';
import type { PLACEHOLDERS } from '../../core/config/deploy-target-schema.js';
import type { PlanStep, StepContext } from '../../core/deploys/deploy-types.js';

/** A placeholder name such as `version`. */
type Placeholder = (typeof PLACEHOLDERS)[number];

/** The value of each `{placeholder}` for one step; values the step does not have (no colour, first deploy) are empty. */
function placeholderValues(context: StepContext): Record<Placeholder, string> {
  return {
    service: context.service,
    version: context.version,
    previous_version: context.previousVersion ?? '',
    env: context.env,
    color: context.color ?? '',
    percent: context.percent === undefined ? '' : String(context.percent),
    deploy_id: context.deployId,
  };
}

/**
 * Fills the `{placeholders}` of one piece of text; `encode` escapes each value (URLs use encodeURIComponent).
 * Braces that name no placeholder are left as written (the config schema refuses them anyway).
 */
export function fillTemplate(
  template: string,
  context: StepContext,
  encode: (value: string) => string = (value) => value,
): string {
  const values: Record<string, string> = placeholderValues(context);
  return template.replace(/\{([a-z_]+)\}/g, (whole, name: string) => {
    const value = values[name];
    return value === undefined ? whole : encode(value);
  });
}

/**
 * Turns a command template into argv: split into words first, the way a shell would (quotes group words), then
 * placeholders filled inside each word. No shell runs the result, so a value such as `1.0; rm -rf /` stays one
 * literal argument. Throws `TokenizeError` for a quote that is never closed.
 */
export function commandArgv(template: string, context: StepContext): string[] {
  return tokenize(template).map((word) => fillTemplate(word, context));
}

/** The context a step's command or webhook sees: the step's own colour and percentage win over the deploy's. */
export function contextForStep(step: PlanStep, context: StepContext): StepContext {
  const color = step.color ?? context.color;
  const percent = step.percent ?? context.percent;
  const { color: _color, percent: _percent, ...rest } = context;
  return {
    ...rest,
    ...(color === undefined ? {} : { color }),
    ...(percent === undefined ? {} : { percent }),
  };
}

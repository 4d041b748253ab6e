import type { ValidationBinding } from '../../core/config/deploy-target-schema.js';
import type { Validator } from '../../core/deploys/deploy-ports.js';
import type { StepContext, StepOutcome } from '../../core/deploys/deploy-types.js';
import { shipgateVariables } from '../deploy/command-environment.js';
import { fillTemplate } from '../deploy/fill-template.js';
import {
  bodyExcerpt,
  Deadline,
  describeFetchError,
  displayUrl,
  httpCall,
  isSuccess,
} from '../deploy/http-call.js';
import { type CommandOptions, runTemplate } from '../deploy/run-template.js';
import { describeElapsed, describeLength, refusal, stepOutcome } from '../deploy/step-outcome.js';

/** A validation's timeout when its binding sets none. */
export const DEFAULT_VALIDATION_TIMEOUT_MS = 5 * 60_000;

/**
 * Runs a service's pre-deployment checks from its `validations:` bindings: a `command` binding runs like a
 * command deploy step (exit 0 passes, `SHIPGATE_CHECK` names the check), an `http` binding is a GET of the filled
 * URL (2xx passes). Each has its own timeout (default 5m) and keeps the last lines of output.
 */
export class BindingValidator implements Validator {
  constructor(
    private readonly service: string,
    private readonly bindings: Readonly<Record<string, ValidationBinding>>,
    private readonly options: CommandOptions,
  ) {}

  has(name: string): boolean {
    return Object.hasOwn(this.bindings, name);
  }

  async run(name: string, context: StepContext, signal?: AbortSignal): Promise<StepOutcome> {
    const binding = this.has(name) ? this.bindings[name] : undefined;
    if (binding === undefined) return refusal(`no ${name} check is bound for ${this.service}`);
    const timeoutMs = binding.timeout?.ms ?? DEFAULT_VALIDATION_TIMEOUT_MS;
    if (binding.http !== undefined)
      return checkUrl(fillTemplate(binding.http, context, encodeURIComponent), timeoutMs, signal);
    const what = `the ${name} command of ${this.service}`;
    const variables = shipgateVariables(context, { SHIPGATE_CHECK: name });
    const template = binding.command ?? '';
    return runTemplate(
      { template, what, context, settings: binding, variables, timeoutMs },
      this.options,
      signal,
    );
  }
}

/** An HTTP check: GET, following redirects; 2xx passes and the start of the body goes into the output. */
export async function checkUrl(
  url: string,
  timeoutMs: number,
  signal: AbortSignal | undefined,
): Promise<StepOutcome> {
  const started = performance.now();
  const deadline = new Deadline(timeoutMs, signal);
  const took = () => performance.now() - started;
  try {
    const reply = await httpCall(url, { method: 'GET', redirect: 'follow', signal: deadline.signal });
    const output = `GET ${displayUrl(url)} → ${reply.status}\n${bodyExcerpt(reply.text)}`.trim();
    const ok = isSuccess(reply.status);
    const summary = `HTTP ${reply.status} ${ok ? 'in' : 'after'} ${describeElapsed(took())}`;
    return stepOutcome(ok, summary, output, took());
  } catch (error) {
    if (deadline.expired)
      return stepOutcome(false, `timed out after ${describeLength(timeoutMs)}`, '', took(), true);
    if (signal?.aborted) return stepOutcome(false, `cancelled after ${describeElapsed(took())}`, '', took());
    return stepOutcome(false, describeFetchError(url, error), '', took());
  }
}

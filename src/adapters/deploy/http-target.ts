import type { Clock } from '../../clock.js';
import { systemClock } from '../../clock.js';
import type { DeployTargetConfig } from '../../core/config/deploy-target-schema.js';
import type { DeployTarget } from '../../core/deploys/deploy-ports.js';
import type { PlanStep, StepContext, StepOutcome } from '../../core/deploys/deploy-types.js';
import type { ProcessEnv } from './command-environment.js';
import { DEFAULT_STEP_TIMEOUT_MS } from './command-target.js';
import { contextForStep, fillTemplate } from './fill-template.js';
import {
  bodyExcerpt,
  Deadline,
  describeFetchError,
  displayUrl,
  type HttpReply,
  httpCall,
  isSuccess,
} from './http-call.js';
import { OutputTail } from './output-tail.js';
import { signShipgateRequest } from './shipgate-signature.js';
import { describeElapsed, describeLength, refusal, stepOutcome } from './step-outcome.js';

export { verifyShipgateSignature } from './shipgate-signature.js';

/** The `adapter: http` settings of a service. */
export type HttpTargetConfig = Extract<DeployTargetConfig, { adapter: 'http' }>;

/** Where an HTTP target finds its secret and the time it signs with. */
export interface HttpTargetOptions {
  /** Shipgate's own environment; the signing secret is read from the variable `secret_env` names. */
  readonly env: ProcessEnv;
  /** Source of the signature timestamps; the system clock unless a test fixes it. */
  readonly clock?: Clock;
}

/** How often `status_url` is polled when the target sets no `poll_every`. */
export const DEFAULT_POLL_EVERY_MS = 5_000;

/**
 * Runs each deploy step as a signed JSON POST to the `url` template; 2xx accepts it. With `status_url`, the step
 * then polls that URL (signed GET) until it answers `{"status":"succeeded"}` or `"failed"`, or the timeout passes.
 */
export class HttpTarget implements DeployTarget {
  private readonly clock: Clock;

  constructor(
    private readonly service: string,
    private readonly config: HttpTargetConfig,
    private readonly options: HttpTargetOptions,
  ) {
    this.clock = options.clock ?? systemClock;
  }

  async runStep(step: PlanStep, context: StepContext, signal?: AbortSignal): Promise<StepOutcome> {
    const { secret_env, status_url, poll_every, timeout } = this.config;
    const secret = this.options.env[secret_env];
    if (secret === undefined || secret === '')
      return refusal(
        `${secret_env} is not set, so the ${step.kind} request for ${this.service} cannot be signed`,
      );
    const filled = contextForStep(step, context);
    const started = performance.now();
    const deadline = new Deadline(timeout?.ms ?? DEFAULT_STEP_TIMEOUT_MS, signal);
    const log = new OutputTail();
    const end = (ok: boolean, summary: (took: string) => string, timedOut = false) => {
      const elapsed = performance.now() - started;
      return stepOutcome(ok, summary(describeElapsed(elapsed)), log.text(), elapsed, timedOut);
    };
    const url = fillTemplate(this.config.url, filled, encodeURIComponent);
    let lastStatus: string | undefined;
    try {
      const body = JSON.stringify({
        deploy_id: filled.deployId,
        service: filled.service,
        version: filled.version,
        previous_version: filled.previousVersion ?? null,
        env: filled.env,
        step: step.kind,
        color: filled.color ?? null,
        percent: filled.percent ?? null,
      });
      const signature = signShipgateRequest(secret, body, this.clock.now());
      const headers = { 'Content-Type': 'application/json', ...signature };
      const reply = await httpCall(url, {
        method: 'POST',
        headers,
        body,
        redirect: 'manual',
        signal: deadline.signal,
      });
      log.push(`POST ${displayUrl(url)} → ${reply.status}\n`);
      if (!isSuccess(reply.status)) {
        log.push(`${bodyExcerpt(reply.text)}\n`);
        return end(false, (took) => `HTTP ${reply.status} after ${took}`);
      }
      if (status_url === undefined) return end(true, (took) => `HTTP ${reply.status} in ${took}`);

      const statusUrl = fillTemplate(status_url, filled, encodeURIComponent);
      for (;;) {
        await deadline.wait(poll_every?.ms ?? DEFAULT_POLL_EVERY_MS);
        const poll = await this.pollOnce(statusUrl, secret, deadline.signal);
        if (poll.status !== lastStatus) log.push(`${poll.line}\n`);
        lastStatus = poll.status;
        if (poll.status === 'succeeded') return end(true, (took) => `succeeded after ${took}`);
        if (poll.status === 'failed') return end(false, (took) => `failed after ${took}`);
      }
    } catch (error) {
      if (deadline.expired) {
        const last = lastStatus === undefined ? '' : ` (last status: ${lastStatus})`;
        return end(false, () => `timed out after ${describeLength(deadline.timeoutMs)}${last}`, true);
      }
      if (signal?.aborted) return end(false, (took) => `cancelled after ${took}`);
      return end(false, () => describeFetchError(url, error));
    }
  }

  /**
   * One signed GET of the status URL. A non-2xx, unreadable or unreachable answer is logged and polling goes on
   * (the receiver may be restarting mid-deploy); only the deadline ends it.
   */
  private async pollOnce(
    url: string,
    secret: string,
    signal: AbortSignal,
  ): Promise<{ status: string; line: string }> {
    const headers = signShipgateRequest(secret, '', this.clock.now());
    let reply: HttpReply;
    try {
      reply = await httpCall(url, { method: 'GET', headers, redirect: 'manual', signal });
    } catch (error) {
      if (signal.aborted) throw error;
      return { status: 'unreachable', line: describeFetchError(url, error) };
    }
    const where = `GET ${displayUrl(url)} → ${reply.status}`;
    if (!isSuccess(reply.status))
      return { status: `HTTP ${reply.status}`, line: `${where} ${bodyExcerpt(reply.text)}` };
    const answer = parseStatus(reply.text);
    if (answer === undefined)
      return {
        status: 'unreadable',
        line: `${where}, expected {"status": …}, got ${bodyExcerpt(reply.text)}`,
      };
    const message = answer.message === undefined ? '' : `: ${answer.message}`;
    return { status: answer.status, line: `status ${answer.status}${message}` };
  }
}

function parseStatus(text: string): { status: string; message?: string } | undefined {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null) return undefined;
    const { status, message } = value as { status?: unknown; message?: unknown };
    if (typeof status !== 'string') return undefined;
    return typeof message === 'string' ? { status, message } : { status };
  } catch {
    return undefined;
  }
}

import type { IncomingMessage, ServerResponse } from 'node:http';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { AgentIdentity } from '../../services/agents/agent-door.js';
import type { AgentTokens } from '../../services/agents/agent-tokens.js';
import { sendError } from './api-answers.js';

/** An agent let in: who it is, and the signal that aborts when agents are suspended while its request runs. */
export interface AdmittedAgent {
  readonly identity: AgentIdentity;
  readonly signal: AbortSignal;
}

/** Lets an agent's request in, or answers why not. */
export type AgentGate = (req: IncomingMessage, res: ServerResponse) => Promise<AdmittedAgent | undefined>;

/**
 * The door every agent request of `/api/v1` and `/mcp` passes: the bearer token checked against SQLite (`401` with
 * `WWW-Authenticate: Bearer` when missing, unknown, revoked or suspended), then `rateLimit` requests a minute per
 * token (`429` with `Retry-After` in seconds). An admitted request is registered as under way until its answer is
 * out, so suspending agents aborts it. The limiter counts in process memory with the wall clock (per replica).
 */
export function agentGate(options: { readonly tokens: AgentTokens; readonly rateLimit: number }): AgentGate {
  const limiter = new RateLimiterMemory({ points: options.rateLimit, duration: 60, keyPrefix: 'agent' });
  return async (req, res) => {
    const auth = await options.tokens.authenticate(req.headers.authorization);
    if (!auth.ok) {
      sendError(res, 401, auth.reason);
      return undefined;
    }
    try {
      await limiter.consume(auth.identity.name);
    } catch (err) {
      if (!(err instanceof RateLimiterRes)) throw err;
      const seconds = Math.max(1, Math.ceil(err.msBeforeNext / 1000));
      sendError(res, 429, `more than ${options.rateLimit} requests a minute; retry in ${seconds} s`, {
        headers: { 'retry-after': String(seconds) },
      });
      return undefined;
    }
    const flight = options.tokens.begin();
    res.once('close', flight.end);
    return { identity: auth.identity, signal: flight.signal };
  };
}

import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { type Actor, agentActor } from '../../core/actor.js';
import type { Clock } from '../../core/clock.js';
import { isChannelId } from '../../core/config/identifier-schemas.js';
import type { AgentRegistry, AgentSuspension, AgentTokenRecord } from '../ports/agent-registry.js';
import type { EventStore } from '../ports/event-store.js';
import type { Transactor } from '../ports/transactor.js';
import { AGENT_SCOPES, type AgentIdentity, type AgentResult, type AgentScope } from './agent-door.js';
import { type InFlightRequest, InFlightRequests } from './in-flight-requests.js';

/** Every agent token starts with this, then 32 random bytes in base64url. */
export const AGENT_TOKEN_PREFIX = 'sgp_';

/** What `agent add <name>` accepts: lowercase letters, digits and dashes, 1 to 63 characters. */
export const AGENT_NAME_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** The reason a request of a suspended agent is refused with (`401`). */
export const AGENTS_SUSPENDED = 'agents are suspended';

const TOKEN_PATTERN = /^sgp_[A-Za-z0-9_-]{43}$/;
const BEARER = /^Bearer[ \t]+(\S+)[ \t]*$/i;

/** A refusal of the agent door's shape (the HTTP API answers its status, the MCP server a tool error). */
export type AgentRefusal = Extract<AgentResult<never>, { ok: false }>;

/** Why a bearer header did not authenticate an agent (each answers `401`). */
export type AuthenticationFailure = 'missing' | 'malformed' | 'unknown' | 'revoked' | 'suspended';

/** The agent behind a bearer header, or why there is none. */
export type Authentication =
  | { readonly ok: true; readonly identity: AgentIdentity }
  | { readonly ok: false; readonly failure: AuthenticationFailure; readonly reason: string };

/** What `agent add` gave: the token (shown once, never stored) or why not (`usage`: bad input). */
export type AddAgentOutcome =
  | { readonly ok: true; readonly token: string; readonly agent: AgentTokenRecord }
  | { readonly ok: false; readonly refusal: 'usage' | 'refused'; readonly reason: string };

/** What `agent revoke` gave. */
export type RevokeAgentOutcome = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/** What a new agent token is for. */
export interface NewAgent {
  readonly name: string;
  /** Default: all of {@link AGENT_SCOPES}. */
  readonly scopes?: readonly string[] | undefined;
  /** Private incident channel ids the token may see. */
  readonly channels?: readonly string[] | undefined;
}

/** The ports the token service runs on (a subset of the runtime, so the CLI can build it without Slack). */
export interface AgentTokenPorts {
  readonly registry: AgentRegistry;
  readonly events: EventStore;
  readonly clock: Clock;
  readonly tx: Transactor;
}

const REASONS: Record<AuthenticationFailure, string> = {
  missing: 'no bearer token: send Authorization: Bearer sgp_…',
  malformed: 'the Authorization header does not hold a Shipgate agent token (Bearer sgp_…)',
  unknown: 'unknown agent token',
  revoked: 'this agent token was revoked',
  suspended: AGENTS_SUSPENDED,
};

/** SHA-256 of a token, lowercase hex: all Shipgate ever stores of it. */
export function hashAgentToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** A new random agent token: `sgp_` and 32 random bytes, base64url. */
export function newAgentToken(): string {
  return `${AGENT_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
}

/**
 * Agent tokens (issue #11): adds, lists and revokes them, authenticates bearer headers against SQLite on every
 * request, and holds the emergency stop. Every change is an event (`agent.added`, `agent.revoked`,
 * `agents.suspended`, `agents.resumed`) written in the same transaction as the change.
 */
export class AgentTokens {
  /** This process's agent requests under way (aborted by {@link AgentTokens.suspend}). */
  readonly inFlight = new InFlightRequests();

  constructor(private readonly ports: AgentTokenPorts) {}

  /** Adds an agent and returns its token, which is never shown or stored again. */
  async add(input: NewAgent, by: Actor): Promise<AddAgentOutcome> {
    const usage = (reason: string): AddAgentOutcome => ({ ok: false, refusal: 'usage', reason });
    if (!AGENT_NAME_PATTERN.test(input.name))
      return usage(`${JSON.stringify(input.name)}: expected a name of a-z, 0-9 and -, such as ci-bot`);
    const scopes = input.scopes ?? AGENT_SCOPES;
    const unknown = scopes.filter((s) => !(AGENT_SCOPES as readonly string[]).includes(s));
    if (unknown.length > 0 || scopes.length === 0)
      return usage(`scopes must be some of ${AGENT_SCOPES.join(', ')}; got ${scopes.join(', ') || 'none'}`);
    const channels = input.channels ?? [];
    const badChannel = channels.find((c) => !isChannelId(c));
    if (badChannel !== undefined)
      return usage(`${JSON.stringify(badChannel)}: expected a Slack channel id such as C0123ABCD`);
    const token = newAgentToken();
    const at = this.ports.clock.now();
    const record = {
      name: input.name,
      tokenHash: hashAgentToken(token),
      scopes: AGENT_SCOPES.filter((s) => scopes.includes(s)),
      channels: [...new Set(channels)],
      createdAt: at,
      createdBy: by.id,
    };
    const added = await this.ports.tx.transaction(async () => {
      if (!(await this.ports.registry.add(record))) return false;
      await this.ports.events.append({
        at,
        actor: by,
        subject: `agent:${record.name}`,
        type: 'agent.added',
        payload: { scopes: record.scopes, channels: record.channels },
      });
      return true;
    });
    if (!added) {
      const existing = await this.ports.registry.byName(input.name);
      return {
        ok: false,
        refusal: 'refused',
        reason: existing?.revokedAt
          ? `agent ${input.name} was revoked; names are never reused, so the audit trail stays unambiguous`
          : `agent ${input.name} exists already`,
      };
    }
    return { ok: true, token, agent: { ...record, revokedAt: null, lastUsedAt: null } };
  }

  /** Every agent token, revoked ones too, oldest first. */
  async list(): Promise<AgentTokenRecord[]> {
    return await this.ports.registry.list();
  }

  /** Revokes a token: its next request answers `401`. */
  async revoke(name: string, by: Actor): Promise<RevokeAgentOutcome> {
    const at = this.ports.clock.now();
    const revoked = await this.ports.tx.transaction(async () => {
      if (!(await this.ports.registry.revoke(name, at))) return false;
      await this.ports.events.append({ at, actor: by, subject: `agent:${name}`, type: 'agent.revoked' });
      return true;
    });
    if (revoked) return { ok: true };
    const existing = await this.ports.registry.byName(name);
    return { ok: false, reason: existing ? `agent ${name} is revoked already` : `no agent ${name}` };
  }

  /**
   * The agent behind an `Authorization` header, read from SQLite now (a token added, revoked or suspended a moment
   * ago counts), and marked as used.
   */
  async authenticate(authorization: string | undefined): Promise<Authentication> {
    const fail = (failure: AuthenticationFailure): Authentication => ({
      ok: false,
      failure,
      reason: REASONS[failure],
    });
    if (!authorization?.trim()) return fail('missing');
    const token = BEARER.exec(authorization)?.[1];
    if (!token || !TOKEN_PATTERN.test(token)) return fail('malformed');
    const hash = hashAgentToken(token);
    const record = await this.ports.registry.byTokenHash(hash);
    if (!record || !timingSafeEqual(Buffer.from(record.tokenHash, 'hex'), Buffer.from(hash, 'hex')))
      return fail('unknown');
    if (record.revokedAt) return fail('revoked');
    if ((await this.ports.registry.suspension()).suspended) return fail('suspended');
    await this.ports.registry.touch(record.name, this.ports.clock.now());
    return {
      ok: true,
      identity: {
        name: record.name,
        scopes: AGENT_SCOPES.filter((s: AgentScope) => record.scopes.includes(s)),
        channels: record.channels,
        actor: agentActor(record.name),
      },
    };
  }

  /** Registers an authenticated request so {@link AgentTokens.suspend} can abort it. */
  begin(): InFlightRequest {
    return this.inFlight.begin();
  }

  /**
   * The `401` to answer instead of acting when agents were suspended since the request began: by this process
   * (`signal` aborted) or by any other (read from SQLite now). Call it after reading a body, right before acting.
   */
  async refusalIfSuspended(signal?: AbortSignal): Promise<AgentRefusal | undefined> {
    if (signal?.aborted || (await this.ports.registry.suspension()).suspended)
      return { ok: false, status: 401, error: 'unauthorized', reason: AGENTS_SUSPENDED };
    return undefined;
  }

  /**
   * The emergency stop: every agent token answers `401` until {@link AgentTokens.resume}, and this process's agent
   * requests under way that have not acted yet are aborted. Returns how many were aborted.
   */
  async suspend(by: Actor, reason: string): Promise<number> {
    const at = this.ports.clock.now();
    await this.ports.tx.transaction(async () => {
      await this.ports.registry.suspend(by.id, at, reason);
      await this.ports.events.append({
        at,
        actor: by,
        subject: 'agents',
        type: 'agents.suspended',
        payload: { reason },
      });
    });
    return this.inFlight.abortAll(AGENTS_SUSPENDED);
  }

  /** Lifts the emergency stop; false when agents were not suspended. */
  async resume(by: Actor): Promise<boolean> {
    const at = this.ports.clock.now();
    return await this.ports.tx.transaction(async () => {
      if (!(await this.ports.registry.suspension()).suspended) return false;
      await this.ports.registry.resume(by.id, at);
      await this.ports.events.append({ at, actor: by, subject: 'agents', type: 'agents.resumed' });
      return true;
    });
  }

  /** The emergency stop as last switched. */
  async suspension(): Promise<AgentSuspension> {
    return await this.ports.registry.suspension();
  }
}

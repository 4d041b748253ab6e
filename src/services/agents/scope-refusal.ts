import type { AgentIdentity, AgentScope } from './agent-door.js';
import type { AgentRefusal } from './agent-tokens.js';

/** The rule a request of a token without the scope it needs is refused under. */
export const SCOPE_RULE = 'OB-SCOPE-1';

/** The `403` of an agent whose token lacks `scope`, or undefined when it has it. */
export function scopeRefusal(agent: AgentIdentity, scope: AgentScope): AgentRefusal | undefined {
  if (agent.scopes.includes(scope)) return undefined;
  return {
    ok: false,
    status: 403,
    error: 'forbidden',
    rule: SCOPE_RULE,
    reason: `this token lacks the ${scope} scope`,
  };
}

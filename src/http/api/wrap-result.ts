import type { AgentResult } from '../../services/agents/agent-door.js';

/** Maps the value of an agreed result and passes a refusal on (lists are answered as an object holding them). */
export function wrapResult<T, U>(result: AgentResult<T>, as: (value: T) => U): AgentResult<U> {
  return result.ok ? { ok: true, value: as(result.value) } : result;
}

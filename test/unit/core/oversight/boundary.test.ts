import { describe, expect, it } from 'vitest';
import { ACTOR_KINDS, agentActor, SHIPGATE } from '../../../../src/core/actor.js';
import { parseCommand } from '../../../../src/core/commands/command-grammar.js';
import { shipgateGrammar } from '../../../../src/core/commands/shipgate-grammar.js';
import { BOUNDARY, OVERSIGHT_ACTIONS } from '../../../../src/core/oversight/boundary.js';
import { boundaryMarkdown } from '../../../../src/core/oversight/boundary-markdown.js';
import { boundaryRule, decideBoundary } from '../../../../src/core/oversight/decide-boundary.js';

/** The chapter's 2.2 lists, written out here independently of the table, so a loosened row fails. */
const AUTOMATION_MAY = new Set([
  'deploy.read',
  'incident.read',
  'watch.read',
  'deploy.recommend',
  'timeline.annotate',
  'alert.raise',
  'report.analysis',
]);

describe('the oversight boundary table', () => {
  it('has exactly one row per action, with unique rule ids and the chapter’s words', () => {
    expect(BOUNDARY.map((r) => r.action).sort()).toEqual([...OVERSIGHT_ACTIONS].sort());
    expect(new Set(BOUNDARY.map((r) => r.rule)).size).toBe(BOUNDARY.length);
    for (const row of BOUNDARY) expect(row.chapter.length).toBeGreaterThan(10);
  });

  for (const action of OVERSIGHT_ACTIONS)
    for (const kind of ['bot', 'agent'] as const)
      it(`${AUTOMATION_MAY.has(action) ? 'lets' : 'refuses'} a ${kind} ${action}`, () => {
        const decision = decideBoundary({ id: 'X', kind }, action);
        expect(decision.allowed).toBe(AUTOMATION_MAY.has(action));
        expect(decision.rule).toBe(boundaryRule(action).rule);
        if (!decision.allowed) expect(decision.reason).toContain('may not');
      });

  it('lets Shipgate start a deploy or roll back only with the human decision it carries out, named as authority', () => {
    for (const action of ['deploy.execute', 'rollback.execute'] as const) {
      const without = decideBoundary(SHIPGATE, action);
      expect(without).toMatchObject({ allowed: false, rule: boundaryRule(action).rule });
      expect(decideBoundary(SHIPGATE, action, { authority: 'rollback.automatic: true in p.yml' })).toEqual({
        allowed: true,
        rule: boundaryRule(action).rule,
        authority: 'rollback.automatic: true in p.yml',
      });
    }
    for (const action of ['deploy.request', 'deploy.approve', 'incident.resolve', 'agents.switch'] as const)
      expect(decideBoundary(SHIPGATE, action, { authority: 'anything' }).allowed).toBe(false);
  });

  it('never lets a bot or an agent act on a human decision it claims', () => {
    for (const action of OVERSIGHT_ACTIONS.filter((a) => !AUTOMATION_MAY.has(a)))
      expect(decideBoundary(agentActor('x'), action, { authority: 'approved by U1' }).allowed).toBe(false);
  });

  it('refuses secrets to everyone, people included', () => {
    for (const kind of ACTOR_KINDS)
      expect(decideBoundary({ id: 'U1', kind }, 'secrets.read').allowed).toBe(false);
  });

  it('renders one Markdown row per rule with a column per actor kind', () => {
    const lines = boundaryMarkdown().split('\n');
    expect(lines[0]).toBe('| Rule | Action | human | bot | agent | shipgate | Chapter |');
    expect(lines).toHaveLength(BOUNDARY.length + 2);
    expect(lines.find((l) => l.includes('`OB-DEPLOY-2`'))).toBe(
      '| `OB-DEPLOY-2` | approve a deploy | ✓ | ✗ | ✗ | ✗ | AI Agents CANNOT: bypass approval gates; Human MUST: approve all deployments |',
    );
  });
});

describe('/shipgate grammar', () => {
  it('reads agents stop|resume|status and audit verify, and says what else it expected', () => {
    expect(parseCommand(shipgateGrammar, 'agents stop')).toEqual({
      ok: true,
      value: { kind: 'agents', action: 'stop' },
    });
    expect(parseCommand(shipgateGrammar, 'audit verify')).toEqual({
      ok: true,
      value: { kind: 'audit_verify' },
    });
    const wrong = parseCommand(shipgateGrammar, 'agents pause');
    expect(wrong.ok).toBe(false);
    expect(JSON.stringify(wrong)).toContain('expected \\"stop\\", \\"resume\\" or \\"status\\"');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DeployHarness, startDeployHarness } from '../support/deploy-harness.js';

/**
 * The authorization matrix of `/incident` (README, Operations → Who may do what): for a public and a private
 * incident, what a bystander, a channel member, the commander and an engineering lead (from outside the channel)
 * get for list, status, timeline, update, resolve, commander and severity. Every command is typed in #deploys, by
 * incident id, so the channel the command comes from never vouches for the person.
 */
let h: DeployHarness;
const OUTSIDE = 'C0DEPLOYS';
const COMMANDER = 'U0BOB';
const MEMBER = 'U0ALICE';
const BYSTANDER = 'U0FRANK';
const LEAD = 'U0DAVE';
const ACTORS = {
  bystander: BYSTANDER,
  member: MEMBER,
  commander: COMMANDER,
  'engineering lead': LEAD,
} as const;
type Actor = keyof typeof ACTORS;

beforeAll(async () => {
  h = await startDeployHarness();
  h.clock.set('2026-11-24T09:00:00Z');
});
afterAll(async () => {
  await h.stop();
});

async function incident(user: string, text: string, channel = OUTSIDE): Promise<string> {
  const result = await h.slack.command({ user, command: '/incident', text, channel });
  await h.settle();
  return JSON.stringify(result.ack);
}
/** Declares a SEV-3 (no page, nobody invited by severity) as the commander and makes Alice a member (scribe). */
async function declare(title: string, isPrivate: boolean): Promise<{ id: string; channel: string }> {
  const ack = await incident(COMMANDER, `declare SEV-3 ${title}${isPrivate ? ' --private' : ''}`);
  const id = /INC-\d{4}-\d{4}/.exec(ack)?.[0] ?? '';
  const channel = (await h.shipgate.runtime.incidents.get(id))?.channelId ?? '';
  expect(channel).not.toBe('');
  await incident(COMMANDER, `role scribe <@${MEMBER}>`, channel);
  return { id, channel };
}
const incidentEvents = async (id: string) => await h.shipgate.events.forSubject(id);
const refusals = async (id: string, user: string) =>
  (await incidentEvents(id)).filter((e) => e.type === 'incident.access_refused' && e.actor === user);
/** What anyone is told about an id that names no incident, with the id swapped for `id`. */
async function unknownAnswer(id: string, user: string, command: string): Promise<string> {
  return (await incident(user, `INC-2026-9999 ${command}`)).replaceAll('INC-2026-9999', id);
}

const COMMANDS = {
  status: { text: 'status', kind: 'read', changes: undefined },
  timeline: { text: 'timeline', kind: 'read', changes: undefined },
  update: { text: 'update Looking at the database', kind: 'act', changes: 'incident.update_posted' },
  resolve: { text: 'resolve Restarted the primary', kind: 'lead', changes: 'incident.resolved' },
  commander: { text: `commander <@U0ERIN>`, kind: 'lead', changes: 'incident.commander_assigned' },
  severity: { text: 'severity SEV-4', kind: 'lead', changes: 'incident.severity_changed' },
} as const;

/** What the README's rules say this cell gets. */
function expected(
  actor: Actor,
  isPrivate: boolean,
  kind: 'read' | 'act' | 'lead',
): 'hidden' | 'refused' | 'allowed' {
  const inChannel = actor === 'member' || actor === 'commander';
  if (isPrivate && !inChannel) return 'hidden';
  if (kind === 'read') return 'allowed';
  if (kind === 'act') return actor === 'bystander' ? 'refused' : 'allowed';
  return actor === 'commander' || actor === 'engineering lead' ? 'allowed' : 'refused';
}

describe('/incident list shows a private incident only to the members of its channel', () => {
  it('lists the public incident to everyone and the private one to its members', async () => {
    const pub = await declare('Search is slow', false);
    const priv = await declare('Suspected credential leak', true);
    for (const [actor, user] of Object.entries(ACTORS) as [Actor, string][]) {
      const listed = await incident(user, 'list');
      expect(listed, actor).toContain(pub.id);
      const seesPrivate = expected(actor, true, 'read') === 'allowed';
      expect(listed.includes(priv.id), actor).toBe(seesPrivate);
      expect(listed.includes('credential leak'), actor).toBe(seesPrivate);
    }
    for (const id of [pub.id, priv.id]) await incident(COMMANDER, `${id} resolve Done`);
  });

  it('never announces a private incident in the incidents channel', async () => {
    const priv = await declare('Payroll export exposed', true);
    const announced = h.slack.messages('C0INCIDENTS').map((m) => JSON.stringify(m));
    expect(announced.some((m) => m.includes(priv.id) || m.includes('Payroll'))).toBe(false);
    await incident(COMMANDER, `${priv.id} resolve Done`);
  });
});

describe.each([false, true])('the access matrix (private: %s)', (isPrivate) => {
  for (const [command, spec] of Object.entries(COMMANDS)) {
    for (const [actor, user] of Object.entries(ACTORS) as [Actor, string][]) {
      const verdict = expected(actor, isPrivate, spec.kind);
      it(`${command} by the ${actor} from outside the channel is ${verdict}`, async () => {
        const { id, channel } = await declare(`${command} matrix for ${actor}`, isPrivate);
        const before = await h.shipgate.runtime.incidents.get(id);
        const membersBefore = [...(h.slack.state.findChannel(channel)?.members ?? [])].sort();
        const eventsBefore = (await incidentEvents(id)).length;
        const answer = await incident(user, `${id} ${spec.text}`);
        const after = await h.shipgate.runtime.incidents.get(id);
        if (verdict === 'allowed') {
          expect(answer).not.toContain('does not exist');
          expect(answer).not.toContain('only ');
          if (spec.changes)
            expect((await incidentEvents(id)).some((e) => e.type === spec.changes && e.actor === user)).toBe(
              true,
            );
          else expect(answer).toContain(`${command} matrix for ${actor}`.slice(0, 20));
          expect(await refusals(id, user)).toHaveLength(0);
          return;
        }
        expect(after).toEqual(before);
        expect([...(h.slack.state.findChannel(channel)?.members ?? [])].sort()).toEqual(membersBefore);
        expect((await incidentEvents(id)).slice(eventsBefore).map((e) => e.type)).toEqual([
          'incident.access_refused',
        ]);
        expect((await refusals(id, user))[0]?.payload).toMatchObject({ command, channel: OUTSIDE });
        expect(answer).toContain('"response_type":"ephemeral"');
        if (verdict === 'hidden') {
          expect(answer).toBe(await unknownAnswer(id, user, spec.text));
          expect(answer).not.toContain(`${command} matrix`);
        } else if (actor === 'bystander') {
          expect((await refusals(id, user))[0]?.payload).toMatchObject({ rule: 'outside_channel' });
          expect(answer).toContain(`only members of ${id}'s channel (or engineering-lead from outside it)`);
        } else {
          expect((await refusals(id, user))[0]?.payload).toMatchObject({ rule: 'not_in_charge' });
          expect(answer).toContain(
            `only the incident commander (<@${COMMANDER}>), an engineering lead or the on-call`,
          );
        }
      });
    }
  }
});

describe('membership is asked afresh and the on-call may lead', () => {
  it('refuses a member who left the channel, and lets the on-call resolve from outside once invited', async () => {
    const { id, channel } = await declare('Queue backlog', false);
    h.slack.state.findChannel(channel)?.members.delete(MEMBER);
    expect(await incident(MEMBER, `${id} update Still looking`)).toContain(`only members of ${id}'s channel`);
    expect(await incident('U0CAROL', `${id} resolve Drained the queue`)).toContain(
      `only members of ${id}'s channel`,
    );
    await incident(COMMANDER, 'role responder <@U0CAROL>', channel);
    expect(await incident('U0CAROL', `${id} resolve Drained the queue`)).toContain('resolved');
    expect((await h.shipgate.runtime.incidents.get(id))?.status).toBe('resolved');
  });

  it('answers a private incident typed in its own channel to its members', async () => {
    const { id, channel } = await declare('Token rotation', true);
    expect(await incident(BYSTANDER, `${id} report`)).toBe(await unknownAnswer(id, BYSTANDER, 'report'));
    expect(h.slack.calls.filter((c) => c.method.startsWith('files.'))).toHaveLength(0);
    expect(await incident(MEMBER, 'status', channel)).toContain(id);
    expect(await incident(MEMBER, 'resolve Rotated', channel)).toContain(
      `only the incident commander (<@${COMMANDER}>), an engineering lead or the on-call`,
    );
    expect(await incident(COMMANDER, 'resolve Rotated', channel)).toContain('resolved');
  });
});

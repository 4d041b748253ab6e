import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../src/clock.js';
import { seedDemoWorkspace } from '../../../src/sandbox/seed-demo-workspace.js';
import { DEFAULT_IDENTITY, TRIGGER_TTL_MS, WorkspaceState } from '../../../src/sandbox/workspace-state.js';

function workspace(clock = new FakeClock('2026-11-24T10:00:00Z')) {
  const state = new WorkspaceState(DEFAULT_IDENTITY, clock);
  seedDemoWorkspace(state);
  return { state, clock };
}

describe('WorkspaceState', () => {
  it('hands out strictly increasing message timestamps even when the clock stands still', () => {
    const { state } = workspace();
    const a = state.nextTs();
    const b = state.nextTs();
    expect(a).toBe('1795514400.000000');
    expect(b).toBe('1795514400.000001');
  });

  it('lets a trigger id open one view within 3 seconds', () => {
    const { state, clock } = workspace();
    const trigger = state.issueTrigger('U0ALICE');
    expect(trigger).toMatch(/^\d+\.\d+\.[0-9a-f]+$/);
    clock.advance(TRIGGER_TTL_MS);
    expect(state.consumeTrigger(trigger)).toEqual({ user: 'U0ALICE' });
    expect(state.consumeTrigger(trigger)).toEqual({ error: 'exchanged_trigger_id' });
  });

  it('expires a trigger id after 3 seconds and refuses unknown ones', () => {
    const { state, clock } = workspace();
    const trigger = state.issueTrigger('U0ALICE');
    clock.advance(TRIGGER_TTL_MS + 1);
    expect(state.consumeTrigger(trigger)).toEqual({ error: 'expired_trigger_id' });
    expect(state.consumeTrigger('1.2.nope')).toEqual({ error: 'invalid_trigger_id' });
  });

  it('finds channels by id, name or #name, and opens a DM for a user id', () => {
    const { state } = workspace();
    expect(state.findChannel('C0DEPLOYS')?.name).toBe('deploys');
    expect(state.findChannel('#incidents')?.id).toBe('C0INCIDENTS');
    expect(state.findChannel('status')?.id).toBe('C0STATUS');
    const dm = state.findChannel('U0CAROL');
    expect(dm?.isIm).toBe(true);
    expect(state.findChannel('U0CAROL')).toBe(dm);
    expect(state.findChannel('nope')).toBeUndefined();
  });

  it('lists thread replies without the parent or ephemeral messages', () => {
    const { state } = workspace();
    const base = { channel: 'C0DEPLOYS', text: 't', reactions: [], via: 'api' as const };
    const parent = state.storeMessage({ ...base, ts: state.nextTs() });
    const reply = state.storeMessage({ ...base, ts: state.nextTs(), threadTs: parent.ts });
    state.storeMessage({ ...base, ts: state.nextTs(), threadTs: parent.ts, ephemeralFor: 'U0BOB' });
    expect(state.repliesTo('C0DEPLOYS', parent.ts)).toEqual([reply]);
  });
});

describe('seedDemoWorkspace', () => {
  it('creates the demo cast with emails, bots, channels and role groups', () => {
    const { state } = workspace();
    expect(state.findUser('alice')).toMatchObject({
      id: 'U0ALICE',
      email: 'alice@example.com',
      title: 'Release Manager',
    });
    expect(state.users.get('U0ERIN')?.title).toBe('CTO');
    expect(state.users.get('U0ROBOT')?.isBot).toBe(true);
    expect(state.users.get('U0AGENT')?.isAppUser).toBe(true);
    expect(state.users.get('U0SHIPGATE')).toMatchObject({ isBot: true, botId: 'B0SHIPGATE' });
    expect([...state.channels.keys()]).toEqual(['C0DEPLOYS', 'C0INCIDENTS', 'C0STATUS']);
    expect(state.channels.get('C0DEPLOYS')?.members.has('U0SHIPGATE')).toBe(true);
    expect(state.usergroups.get('S0TEAMLEADS')?.users).toEqual(['U0BOB', 'U0FRANK']);
  });

  it('can be run twice without duplicating channels', () => {
    const { state } = workspace();
    seedDemoWorkspace(state);
    expect(state.channels.size).toBe(3);
  });
});

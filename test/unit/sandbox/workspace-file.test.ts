import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { FakeClock } from '../../../src/clock.js';
import { keepWorkspace } from '../../../src/sandbox/workspace-file.js';
import { DEFAULT_IDENTITY, WorkspaceState } from '../../../src/sandbox/workspace-state.js';

const clock = new FakeClock('2026-11-24T10:00:00Z');
/** A stand-in that reports no change. */
const quiet = () => () => undefined;

function story(): WorkspaceState {
  const state = new WorkspaceState(DEFAULT_IDENTITY, clock);
  const channel = state.addChannel({ name: 'deploys', members: ['U0ALICE'] });
  const ts = state.nextTs();
  state.storeMessage({ channel: channel.id, ts, user: 'U0ALICE', text: 'first', reactions: [], via: 'user' });
  state.storeMessage({
    channel: channel.id,
    ts: state.nextTs(),
    user: 'U0BOB',
    text: 'reply',
    threadTs: ts,
    reactions: [],
    via: 'user',
  });
  return state;
}

describe("the sandbox's saved workspace", () => {
  it('restores channels, messages and threads, and keeps new ids and timestamps after the old ones', () => {
    const before = story();
    const channel = before.findChannel('deploys');
    const after = new WorkspaceState(DEFAULT_IDENTITY, new FakeClock('2026-11-24T09:00:00Z'));
    after.restore(JSON.parse(JSON.stringify(before.snapshot())));
    const restored = after.findChannel('deploys');
    expect(restored?.id).toBe(channel?.id);
    expect(after.messagesIn(restored?.id ?? '').map((m) => m.text)).toEqual(['first', 'reply']);
    const first = after.messagesIn(restored?.id ?? '')[0];
    expect(after.repliesTo(restored?.id ?? '', first?.ts ?? '').map((m) => m.text)).toContain('reply');
    expect(after.nextId('C')).not.toBe(channel?.id);
    expect(after.nextId('C') > (channel?.id ?? '')).toBe(true);
    expect(Number(after.nextTs()) > Number(first?.ts)).toBe(true);
  });

  it('is saved at stop and restored by the next start; an unreadable file is set aside', () => {
    const dir = mkdtempSync(join(tmpdir(), 'shipgate-workspace-'));
    const file = join(dir, 'sandbox-slack.json');
    const first = story();
    const kept = keepWorkspace(first, file, { onActivity: quiet, everyMs: 60_000 });
    expect(kept.restored).toBe(false);
    kept.stop();
    const second = new WorkspaceState(DEFAULT_IDENTITY, clock);
    const again = keepWorkspace(second, file, { onActivity: quiet, everyMs: 60_000 });
    expect(again.restored).toBe(true);
    expect(second.findChannel('deploys')).toBeDefined();
    again.stop();
    writeFileSync(file, '{ not json');
    const third = new WorkspaceState(DEFAULT_IDENTITY, clock);
    const broken = keepWorkspace(third, file, { onActivity: quiet, everyMs: 60_000 });
    expect(broken.restored).toBe(false);
    expect(existsSync(`${file}.unreadable`)).toBe(true);
    expect(third.findChannel('deploys')).toBeUndefined();
    broken.stop();
  });

  it('saves after a reported change, and leaves the file alone while nothing changes', () => {
    vi.useFakeTimers();
    try {
      const dir = mkdtempSync(join(tmpdir(), 'shipgate-workspace-'));
      const file = join(dir, 'sandbox-slack.json');
      let report: () => void = () => undefined;
      const state = story();
      const kept = keepWorkspace(state, file, {
        onActivity: (listener) => {
          report = listener;
          return () => {
            report = () => undefined;
          };
        },
        everyMs: 2000,
      });
      vi.advanceTimersByTime(5000);
      expect(existsSync(file)).toBe(false);
      report();
      vi.advanceTimersByTime(2000);
      expect(existsSync(file)).toBe(true);
      rmSync(file);
      vi.advanceTimersByTime(6000);
      expect(existsSync(file)).toBe(false);
      kept.stop();
      expect(existsSync(file)).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });
});

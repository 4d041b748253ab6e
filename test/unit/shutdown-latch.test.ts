import { describe, expect, it } from 'vitest';
import { ShutdownLatch } from '../../src/shutdown-latch.js';

function host() {
  const said: string[] = [];
  const exits: number[] = [];
  return {
    said,
    exits,
    exit: (code: number) => void exits.push(code),
    info: (message: string, signal: string) => void said.push(`${signal}: ${message}`),
    error: (message: string) => void said.push(message),
  };
}

/** A stop that resolves when told to, counting its calls. */
function stopper() {
  let finish: () => void = () => undefined;
  const calls: number[] = [];
  const stop = () =>
    new Promise<void>((resolve) => {
      calls.push(1);
      finish = resolve;
    });
  return { stop, calls, finish: () => finish() };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('the shutdown latch', () => {
  it('stops what started on a signal and exits 0', async () => {
    const h = host();
    const s = stopper();
    const latch = new ShutdownLatch(h);
    latch.started(s.stop);
    latch.signal('SIGTERM');
    expect(s.calls).toHaveLength(1);
    s.finish();
    await settle();
    expect(h.exits).toEqual([0]);
  });

  it('remembers a signal that came during start-up and stops as soon as the start is done', async () => {
    const h = host();
    const s = stopper();
    const latch = new ShutdownLatch(h);
    latch.signal('SIGTERM');
    expect(h.exits).toEqual([]);
    latch.started(s.stop);
    expect(s.calls).toHaveLength(1);
    s.finish();
    await settle();
    expect(h.exits).toEqual([0]);
  });

  it('leaves at once on a second signal while the start still hangs, and ignores one during the stop', async () => {
    const hanging = host();
    const early = new ShutdownLatch(hanging);
    early.signal('SIGINT');
    early.signal('SIGINT');
    expect(hanging.exits).toEqual([1]);

    const h = host();
    const s = stopper();
    const latch = new ShutdownLatch(h);
    latch.started(s.stop);
    latch.signal('SIGTERM');
    latch.signal('SIGTERM');
    expect(s.calls).toHaveLength(1);
    expect(h.exits).toEqual([]);
    s.finish();
    await settle();
    expect(h.exits).toEqual([0]);
  });

  it('exits 1 when the stop fails', async () => {
    const h = host();
    const latch = new ShutdownLatch(h);
    latch.started(() => Promise.reject(new Error('disk gone')));
    latch.signal('SIGTERM');
    await settle();
    expect(h.exits).toEqual([1]);
    expect(h.said).toContain('shutdown failed');
  });
});

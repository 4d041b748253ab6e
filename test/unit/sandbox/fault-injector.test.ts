import { describe, expect, it } from 'vitest';
import { FaultInjector } from '../../../src/sandbox/fault-injector.js';

describe('FaultInjector', () => {
  it('fires a fault only for its method and only as many times as asked', () => {
    const faults = new FaultInjector();
    faults.add('chat.postMessage', { error: 'channel_not_found' }, 2);
    expect(faults.take('chat.update')).toBeUndefined();
    expect(faults.take('chat.postMessage')).toEqual({ error: 'channel_not_found' });
    expect(faults.take('chat.postMessage')).toEqual({ error: 'channel_not_found' });
    expect(faults.take('chat.postMessage')).toBeUndefined();
  });

  it('keeps firing until cleared when no count is given, and "*" matches every method', () => {
    const faults = new FaultInjector();
    faults.add('*', { status: 500 });
    for (let i = 0; i < 5; i++) expect(faults.take(`m${i}`)).toEqual({ status: 500 });
    faults.clear();
    expect(faults.take('m0')).toBeUndefined();
  });

  it('refuses a non-positive count', () => {
    expect(() => new FaultInjector().add('x', { delayMs: 1 }, 0)).toThrow(/positive/);
  });
});

import { describe, expect, it } from 'vitest';
import { startDeployHarness } from '../support/deploy-harness.js';
import { startTestShipgate } from '../support/test-shipgate.js';
import { TEST_STORE_VARIABLE } from '../support/test-store.js';

const expected = process.env[TEST_STORE_VARIABLE] === 'postgres' ? 'postgres' : 'sqlite';

describe(`the test Shipgates (${TEST_STORE_VARIABLE}=${process.env[TEST_STORE_VARIABLE] ?? ''})`, () => {
  it(`run on ${expected}, a store of their own each, thrown away when they stop`, async () => {
    const one = await startTestShipgate();
    const two = await startDeployHarness();
    try {
      expect(one.store.dialect).toBe(expected);
      expect(two.shipgate.store.dialect).toBe(expected);
      expect(one.store.location).not.toBe(two.shipgate.store.location);
      await one.runtime.events.append({
        at: new Date('2026-12-04T10:00:00Z'),
        actor: { id: 'U0ALICE', kind: 'human' },
        subject: 'test-store',
        type: 'note',
      });
      expect(await one.runtime.events.forSubject('test-store')).toHaveLength(1);
      expect(await two.shipgate.runtime.events.forSubject('test-store')).toHaveLength(0);
    } finally {
      await one.stop();
      await two.stop();
    }
  });
});

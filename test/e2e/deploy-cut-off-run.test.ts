import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { interruptCutOffRun } from '../../src/services/deploys/interrupt-run.js';
import { type DeployHarness, startDeployHarness } from '../support/deploy-harness.js';
import { seedProductionVersion } from '../support/deploy-history.js';

/**
 * A deploy run cut off while its step was still running — the replica running it stalled past the run timer's
 * lease, and another replica took the timer over and marked the deploy interrupted — must not go on when its step
 * ends after all: it records nothing more and runs no further step.
 */
let h: DeployHarness;

beforeAll(async () => {
  h = await startDeployHarness({ env: { FAKE_TARGET_GATE: 'deploy@4.0.1' } });
  await seedProductionVersion(h, 'checkout', '4.0.0', 'blue');
});
afterAll(async () => {
  await h.stop();
});

describe('a deploy run that was cut off', () => {
  it('stops at its next record once another replica interrupted the deploy, whatever its step did', async () => {
    const id = /DEP-\d{4}-\d{4}/.exec(await h.deploy('U0ALICE', 'checkout 4.0.1'))?.[0] ?? '';
    await h.click('U0BOB', id, 'approve');
    const posted = await h.message(id);
    if (!posted) throw new Error('no deploy message');
    await h.slack.clickButton({
      user: 'U0CAROL',
      channel: posted.channel,
      ts: posted.ts,
      actionId: 'deploy.approve',
    });
    await h.slack.waitFor(() => h.targetCalls().some((c) => c.step === 'deploy'), { timeoutMs: 10_000 });

    const running = await h.record(id);
    expect(running.state).toBe('running');
    expect(await interruptCutOffRun(h.shipgate.runtime, running)).toEqual({ outcome: 'interrupted' });
    const interrupted = await h.record(id);
    // The run's own records; the release notes of the version are written by a timer of their own, armed when the
    // run started and firing whenever the scheduler gets to it, run or no run.
    const runEvents = async () =>
      (await h.shipgate.events.forSubject(id))
        .map((e) => e.type)
        .filter((type) => type !== 'deploy.release_notes');
    const events = await runEvents();
    writeFileSync(`${h.targetLog}.open`, '');
    await h.settle();

    expect(await h.record(id)).toEqual(interrupted);
    expect(await runEvents()).toEqual(events);
    expect(
      h
        .targetCalls()
        .filter((c) => c.step !== 'validate')
        .map((c) => c.step),
    ).toEqual(['deploy']);
    expect((await h.thread(id)).filter((t) => t.includes('Deploy to green'))).toEqual([
      expect.stringContaining('lane stays locked'),
    ]);
  });
});

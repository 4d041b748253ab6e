import type { AllMiddlewareArgs, AnyMiddlewareArgs } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/logger.js';
import { BackgroundWork } from '../../../src/services/background-work.js';
import { trackListeners } from '../../../src/slack/track-listeners.js';

describe('tracking Slack listeners as background work', () => {
  it('keeps background work busy until the listener ends, after it acked too, and also when it throws', async () => {
    const work = new BackgroundWork(createLogger({ level: 'silent' }));
    const middleware = trackListeners(work);
    const steps: string[] = [];
    let finishListener: () => void = () => undefined;
    const listener = new Promise<void>((resolve) => {
      finishListener = resolve;
    });
    const handled = middleware({
      next: async () => {
        steps.push('acked');
        await listener;
        steps.push('recorded');
      },
    } as unknown as AnyMiddlewareArgs & AllMiddlewareArgs);
    const idle = work.idle().then(() => steps.push('idle'));
    await Promise.resolve();
    expect(steps).toEqual(['acked']);
    finishListener();
    await handled;
    await idle;
    expect(steps).toEqual(['acked', 'recorded', 'idle']);

    const failing = middleware({
      next: async () => {
        throw new Error('listener failed');
      },
    } as unknown as AnyMiddlewareArgs & AllMiddlewareArgs);
    await expect(failing).rejects.toThrow('listener failed');
    await work.idle();
  });
});

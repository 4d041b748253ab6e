import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';

/** Where the work of a Slack request is tracked: the runtime's background work. */
export interface ListenerWork {
  start(name: string, work: () => Promise<void>): void;
}

/**
 * Global middleware that tracks each Slack request's listener work until it ends, also after the listener acked:
 * most listeners answer Slack first and act afterwards (a reject modal's reason is recorded after the modal
 * closes). Shutdown waits for it before the database closes, so a request Slack was told is taken in is never cut
 * off half done; tests wait for it as they wait for other background work.
 */
export function trackListeners(work: ListenerWork): Middleware<AnyMiddlewareArgs> {
  return async ({ next }) => {
    let finished: () => void = () => undefined;
    work.start(
      'slack request',
      () =>
        new Promise<void>((resolve) => {
          finished = resolve;
        }),
    );
    try {
      await next();
    } finally {
      finished();
    }
  };
}

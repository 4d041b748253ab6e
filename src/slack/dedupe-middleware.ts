import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import type { Clock } from '../clock.js';
import type { InboundLedger } from '../store/inbound-ledger.js';
import { requestKey } from './request-key.js';

/**
 * Global Bolt middleware that lets each Slack request through once. A repeat of a request already taken in (Slack
 * retries with `X-Slack-Retry-Num`, or a replay of the same trigger) is acknowledged and dropped, so nothing is
 * ever acted on twice — even across a restart, since the ledger is in SQLite.
 */
export function dedupeMiddleware(
  ledger: InboundLedger,
  clock: Clock,
  onDuplicate: () => void,
): Middleware<AnyMiddlewareArgs> {
  return async (args) => {
    const key = requestKey(args.body as Record<string, unknown>);
    if (key === undefined || ledger.firstSeen(key, clock.now())) {
      await args.next();
      return;
    }
    onDuplicate();
    args.logger.info(
      `Dropped a repeated Slack request (${key.split(':')[0]}, retry ${args.context.retryNum ?? 0})`,
    );
    if ('ack' in args && typeof args.ack === 'function') await (args.ack as () => Promise<void>)();
  };
}

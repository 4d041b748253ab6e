import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import type { Clock } from '../clock.js';
import type { InboundLedger } from '../services/ports/inbound-ledger.js';
import { RecentKeys } from './recent-keys.js';
import { requestKey } from './request-key.js';

/**
 * Global Bolt middleware that lets each Slack request through once. A repeat of a request already taken in is
 * acknowledged and dropped, so nothing is ever acted on twice. Events API deliveries — the ones Slack retries with
 * `X-Slack-Retry-Num`, up to minutes later — are remembered in SQLite, so this holds across a restart; commands and
 * clicks, which Slack does not retry, are remembered in memory (their handlers are idempotent on stored state too,
 * and the HTTP gate in front of Bolt refuses a replayed signature, across restarts as well).
 */
export function dedupeMiddleware(
  ledger: InboundLedger,
  clock: Clock,
  onDuplicate: () => void,
): Middleware<AnyMiddlewareArgs> {
  const recent = new RecentKeys();
  return async (args) => {
    const key = requestKey(args.body as Record<string, unknown>);
    const first =
      key === undefined ||
      (key.startsWith('event:') ? await ledger.firstSeen(key, clock.now()) : recent.firstSeen(key));
    if (first) {
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

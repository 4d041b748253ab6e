import type { KnownBlock } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import type { TimerPolicy, Timers } from '../services/ports/timers.js';
import type { PostOnce } from './post-once.js';
import type { SlackMethod } from './slack-surface.js';

/** Timer kind of a queued Web API call. */
export const SLACK_CALL = 'slack.call';

/** Slack errors that no retry can fix: the call is dropped (and logged) instead of retried. */
export const PERMANENT_SLACK_ERRORS = new Set([
  'channel_not_found',
  'is_archived',
  'not_in_channel',
  'invalid_blocks',
  'invalid_arguments',
  'msg_too_long',
  'msg_blocks_too_long',
  'message_not_found',
  'cant_update_message',
  'user_not_found',
  'users_not_found',
  'already_in_channel',
  'already_pinned',
  'already_reacted',
  'invalid_auth',
  'not_authed',
  'missing_scope',
  'account_inactive',
  'token_revoked',
]);

/** The Slack error code when `err` is one no retry can fix, else undefined (retry). */
export function permanentSlackError(err: unknown): string | undefined {
  const code = (err as { data?: { error?: string } }).data?.error;
  return code && PERMANENT_SLACK_ERRORS.has(code) ? code : undefined;
}

/**
 * Durable Slack side effects. A call is stored as a timer row (due now) before anything is sent, then made by the
 * scheduler and retried with backoff — honouring `Retry-After` on 429 — until Slack accepts it, so a Slack outage
 * or a restart never loses a message. Messages go through {@link PostOnce}, keyed by the timer row, so a retry
 * after an unknown outcome never posts twice. Errors no retry can fix are logged and dropped.
 */
export class SlackOutbox {
  constructor(
    private readonly timers: Timers,
    private readonly client: WebClient,
    private readonly logger: Logger,
    private readonly once: PostOnce,
    policy: TimerPolicy,
  ) {
    timers.on(
      SLACK_CALL,
      async (timer) => {
        const { method, args } = timer.payload as { method: SlackMethod; args: Record<string, unknown> };
        try {
          if (method === 'chat.postMessage')
            await this.once.post(`outbox:${timer.id}`, {
              channel: String(args.channel),
              text: String(args.text),
              blocks: args.blocks as KnownBlock[] | undefined,
              threadTs: args.thread_ts as string | undefined,
            });
          else await this.client.apiCall(method, args);
        } catch (err) {
          const code = permanentSlackError(err);
          if (code) {
            this.logger.error(
              { method, subject: timer.subject, error: code },
              'Slack refused a call; not retrying',
            );
            return;
          }
          throw err;
        }
      },
      policy,
    );
  }

  /**
   * Queues `method(args)` for `subject` (a deploy or incident id, or a channel) and asks the scheduler to run it at
   * once. Call inside the transaction that records the state change the message reports.
   */
  async enqueue(
    method: SlackMethod,
    args: Record<string, unknown>,
    subject: string,
    at: Date,
  ): Promise<number> {
    return await this.timers.arm(SLACK_CALL, subject, at, { method, args });
  }

  /** Runs due calls now instead of at the next scheduler tick (keeps replies snappy). */
  flush(): void {
    this.timers.tick().catch((err: unknown) => this.logger.error({ err }, 'outbox flush failed'));
  }
}

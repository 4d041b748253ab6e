import { type AnyMiddlewareArgs, App, HTTPReceiver, type Middleware } from '@slack/bolt';
import type { Logger } from 'pino';
import type { UpstreamErrorObserver } from '../core/upstream-error.js';
import { boltLogger } from '../logger.js';
import { listenerPrefilter } from './listener-prefilter.js';
import { observedFetch } from './observed-fetch.js';
import { DEFAULT_SLACK_TIMEOUT_MS } from './slack-timeout.js';

/**
 * Bolt's own body limit (its default is 4 MB). The HTTP server's gate reads and caps bodies before Bolt sees them,
 * so this only matters if the receiver were ever mounted without it; it is the gate's cap, 256 KiB.
 */
const SLACK_BODY_LIMIT = 256 * 1024;

/** How to reach Slack: HTTP mode needs the signing secret, Socket Mode the app-level token. */
export interface SlackConnection {
  readonly botToken: string;
  readonly botId: string;
  readonly botUserId: string;
  readonly signingSecret?: string;
  readonly appToken?: string;
  /** Web API base URL (`SLACK_API_URL`), e.g. the stand-in's `http://127.0.0.1:PORT/api/`. */
  readonly apiUrl?: string;
  /**
   * Web API retries (default none): Shipgate retries its own side effects durably and each retry first looks for
   * its earlier attempt; the client's blind retry of a post whose answer was lost would post it twice.
   */
  readonly retries?: number;
  /** Each Web API request (each retry too) is given up after this long; default 10 s. */
  readonly timeoutMs?: number;
  /** Told about every failed Web API request (timeout, network, 429, 5xx). */
  readonly onUpstreamError?: UpstreamErrorObserver;
}

/** The Bolt app and, in HTTP mode, the receiver whose request listener the HTTP server mounts. */
export interface SlackApp {
  readonly app: App;
  readonly receiver: HTTPReceiver | undefined;
  readonly mode: 'http' | 'socket';
}

/**
 * Builds the Bolt app for HTTP mode (`POST /slack/events`, signature verified, stale requests refused) or Socket
 * Mode when an app token is given. `botId`/`botUserId` are passed in so Bolt never calls `auth.test` by itself.
 * After the given global middleware comes the {@link listenerPrefilter}, so a request only goes through the
 * listeners of its own kind. Every Web API request has a timeout (fetch's own default is 300 s), so a stalled
 * Slack holds up one durable timer for seconds, not minutes.
 */
export function createSlackApp(
  connection: SlackConnection,
  logger: Logger,
  globalMiddleware: Middleware<AnyMiddlewareArgs>[] = [],
): SlackApp {
  const common = {
    token: connection.botToken,
    botId: connection.botId,
    botUserId: connection.botUserId,
    logger: boltLogger(logger.child({ component: 'bolt' })),
    convoStore: false as const,
    clientOptions: {
      ...(connection.apiUrl ? { slackApiUrl: connection.apiUrl } : {}),
      retryConfig: { retries: connection.retries ?? 0, factor: 2, minTimeout: 200, maxTimeout: 2000 },
      rejectRateLimitedCalls: true,
      timeout: connection.timeoutMs ?? DEFAULT_SLACK_TIMEOUT_MS,
      ...(connection.onUpstreamError ? { fetch: observedFetch(connection.onUpstreamError) } : {}),
    },
  };
  let slack: SlackApp;
  if (connection.appToken) {
    slack = {
      app: new App({ ...common, appToken: connection.appToken, socketMode: true }),
      receiver: undefined,
      mode: 'socket',
    };
  } else {
    if (!connection.signingSecret) throw new Error('SLACK_SIGNING_SECRET is required in HTTP mode');
    const receiver = new HTTPReceiver({
      signingSecret: connection.signingSecret,
      endpoints: '/slack/events',
      logger: common.logger,
      bodyLimit: SLACK_BODY_LIMIT,
    });
    slack = { app: new App({ ...common, receiver }), receiver, mode: 'http' };
  }
  for (const middleware of globalMiddleware) slack.app.use(middleware);
  slack.app.use(listenerPrefilter(slack.app));
  return slack;
}

import pg from 'pg';

/** Options for {@link listenPostgres}; the defaults are what production runs. */
export interface PostgresListenOptions {
  /** Called after the connection was lost and listening began again (notifications meanwhile were missed). */
  readonly onResumed?: () => void;
  /** Where errors of the dedicated connection go (each is followed by a reconnect); default console.error. */
  readonly onError?: (err: unknown) => void;
  /** The first wait before reconnecting, doubled after each failed try up to 30 s; default 1 s. */
  readonly retryMs?: number;
}

/** The longest wait between two tries to reconnect. */
const MAX_RETRY_MS = 30_000;

/**
 * `LISTEN`s on `channel` on a dedicated connection (made from `config`, e.g. a pool's `options`: a pooled client
 * cannot be held for good) and calls `onMessage` with the payload of every notification on it. When the connection
 * fails it reconnects (1 s, doubling to 30 s), listens again and calls `onResumed`, since notifications sent while
 * it was gone are lost. Resolves once listening, with the function that stops (UNLISTEN, close, no reconnect);
 * rejects when the first connection fails.
 */
export async function listenPostgres(
  config: pg.ClientConfig,
  channel: string,
  onMessage: (payload: string) => void,
  options: PostgresListenOptions = {},
): Promise<() => Promise<void>> {
  const listener = new Listener(config, channel, onMessage, options);
  await listener.connect();
  return () => listener.stop();
}

/** One dedicated LISTEN connection and its reconnects. */
class Listener {
  private client: pg.Client | undefined;
  private stopped = false;
  private retry: NodeJS.Timeout | undefined;
  private delayMs: number;

  constructor(
    private readonly config: pg.ClientConfig,
    private readonly channel: string,
    private readonly onMessage: (payload: string) => void,
    private readonly options: PostgresListenOptions,
  ) {
    this.delayMs = options.retryMs ?? 1000;
  }

  /** Connects and listens; on failure the half-made client is closed and the error thrown. */
  async connect(): Promise<void> {
    const client = new pg.Client(this.config);
    client.on('notification', (message) => {
      if (message.channel === this.channel) this.onMessage(message.payload ?? '');
    });
    client.on('error', (err) => this.lost(client, err));
    client.on('end', () => this.lost(client, new Error(`the LISTEN connection for ${this.channel} ended`)));
    this.client = client;
    try {
      await client.connect();
      await client.query(`LISTEN ${pg.escapeIdentifier(this.channel)}`);
    } catch (err) {
      this.client = undefined;
      await client.end().catch(() => undefined);
      throw err;
    }
    if (this.stopped) await this.close(client);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    const client = this.client;
    this.client = undefined;
    if (client) await this.close(client);
  }

  private async close(client: pg.Client): Promise<void> {
    await client.query(`UNLISTEN ${pg.escapeIdentifier(this.channel)}`).catch(() => undefined);
    await client.end().catch(() => undefined);
  }

  /** `client` failed or ended: unless stopped (or already replaced), reconnect after a pause. */
  private lost(client: pg.Client, err: unknown): void {
    if (this.stopped || this.client !== client) return;
    this.client = undefined;
    client.end().catch(() => undefined);
    (this.options.onError ?? ((e) => console.error('shipgate: LISTEN connection failed', e)))(err);
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.stopped) return;
    const wait = this.delayMs;
    this.delayMs = Math.min(this.delayMs * 2, MAX_RETRY_MS);
    this.retry = setTimeout(() => {
      this.connect().then(
        () => {
          this.delayMs = this.options.retryMs ?? 1000;
          this.options.onResumed?.();
        },
        (err: unknown) => {
          (this.options.onError ?? ((e) => console.error('shipgate: LISTEN reconnect failed', e)))(err);
          this.scheduleReconnect();
        },
      );
    }, wait);
    this.retry.unref();
  }
}

import type { ServerResponse } from 'node:http';

/**
 * Server-sent events to every open console: `change` (with a counter) whenever the stand-in's state may have
 * changed, coalesced to at most one per `delayMs`, and a comment every `keepAliveMs` to keep proxies quiet.
 */
export class LiveUpdates {
  private readonly clients = new Set<ServerResponse>();
  private pending: NodeJS.Timeout | undefined;
  private version = 0;
  private readonly keepAlive: NodeJS.Timeout;

  constructor(
    private readonly delayMs = 50,
    keepAliveMs = 15_000,
  ) {
    this.keepAlive = setInterval(() => {
      for (const client of this.clients) client.write(': keep-alive\n\n');
    }, keepAliveMs);
    this.keepAlive.unref();
  }

  /** Turns `res` into an event stream and keeps it until the browser goes away. */
  attach(res: ServerResponse): void {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
    });
    res.write(`retry: 1000\nevent: change\ndata: ${this.version}\n\n`);
    this.clients.add(res);
    res.on('close', () => this.clients.delete(res));
  }

  /** Schedules a `change` event for every client. */
  notify(): void {
    if (this.pending) return;
    this.pending = setTimeout(() => {
      this.pending = undefined;
      this.version += 1;
      for (const client of this.clients) client.write(`event: change\ndata: ${this.version}\n\n`);
    }, this.delayMs);
  }

  /** Ends every stream and stops the timers. */
  close(): void {
    clearInterval(this.keepAlive);
    if (this.pending) clearTimeout(this.pending);
    for (const client of this.clients) client.end();
    this.clients.clear();
  }
}

/** What the latch needs from its process: how to leave, and where to say what it does. */
export interface ShutdownHost {
  exit(code: number): void;
  info(message: string, signal: string): void;
  error(message: string, err: unknown): void;
}

/**
 * Turns SIGINT/SIGTERM into a graceful stop, also when the signal arrives while Shipgate is still starting: the
 * latch is armed before anything starts, remembers an early signal, and stops what started as soon as it has
 * (the sandbox's Prometheus, demo service and stand-ins are child processes and servers a default SIGTERM would
 * leave behind). A second signal while the start is still under way (a start that hangs, say on an unreachable
 * Slack) leaves at once with 1; a second signal during the stop itself changes nothing.
 */
export class ShutdownLatch {
  private stop: (() => Promise<void>) | undefined;
  private requested: string | undefined;
  private stopping = false;

  constructor(private readonly host: ShutdownHost) {}

  /** A signal arrived: stop now if something has started, else as soon as it has. */
  signal(signal: string): void {
    if (this.requested !== undefined) {
      if (this.stop === undefined) {
        this.host.info('still starting; leaving without a graceful stop', signal);
        this.host.exit(1);
      }
      return;
    }
    this.requested = signal;
    this.host.info('shutting down', signal);
    this.run();
  }

  /** Shipgate (or the sandbox) has started; `stop` ends it. Runs it at once when a signal came first. */
  started(stop: () => Promise<void>): void {
    this.stop = stop;
    this.run();
  }

  private run(): void {
    const stop = this.stop;
    if (this.requested === undefined || stop === undefined || this.stopping) return;
    this.stopping = true;
    stop().then(
      () => this.host.exit(0),
      (err: unknown) => {
        this.host.error('shutdown failed', err);
        this.host.exit(1);
      },
    );
  }
}

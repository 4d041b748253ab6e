import type { Logger } from 'pino';

/**
 * Work that runs after Slack has been answered (validations, deploy steps). Tracked so shutdown and tests can wait
 * for it, and so a failure is logged rather than lost as an unhandled rejection.
 */
export class BackgroundWork {
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly logger: Logger) {}

  /** Starts `work` without waiting for it. */
  start(name: string, work: () => Promise<void>): void {
    const promise = work()
      .catch((err: unknown) => this.logger.error({ err, work: name }, 'background work failed'))
      .finally(() => this.running.delete(promise));
    this.running.add(promise);
  }

  /** Resolves once nothing is running (including work started while waiting). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
  }
}

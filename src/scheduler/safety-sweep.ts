import { type ScheduledTask, schedule } from 'node-cron';

/**
 * The node-cron job that ticks every few seconds while the scheduler is started, whether or not handlers are
 * running (a tick joins the running one): it catches timers armed by another process on the same file and leases
 * that ran out, and keeps the scheduler's last look recent for /readyz.
 */
export class SafetySweep {
  private task: ScheduledTask | undefined;

  constructor(
    private readonly seconds: number,
    private readonly name: string,
    private readonly tick: () => void,
  ) {}

  /** Sets the job up, unless it is already. */
  start(): void {
    if (this.task) return;
    this.task = schedule(`*/${this.seconds} * * * * *`, () => this.tick(), {
      name: this.name,
      noOverlap: true,
    });
  }

  /** Removes the job. */
  async stop(): Promise<void> {
    const task = this.task;
    this.task = undefined;
    if (task) await task.destroy();
  }
}

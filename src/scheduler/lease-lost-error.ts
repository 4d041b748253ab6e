/**
 * Thrown by `TimerService.armNext` when the claim a handler runs under is gone (its lease ran out: the process was
 * paused past it, and another scheduler may have taken the timer over and armed the follow-up itself). The handler's
 * run then ends as a failure, which the fencing token keeps from being recorded.
 */
export class LeaseLostError extends Error {
  constructor(
    readonly timerId: number,
    readonly token: number,
  ) {
    super(
      `the lease of timer ${timerId} (claim ${token}) was lost: its follow-up is left to whoever holds it now`,
    );
    this.name = 'LeaseLostError';
  }
}

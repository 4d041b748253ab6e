/** Source of the current time. Everything outside `src/core` asks a Clock, so tests can move time by hand. */
export interface Clock {
  now(): Date;
}

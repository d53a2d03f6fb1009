/** The current time, replaceable in tests that are about time. */
export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };

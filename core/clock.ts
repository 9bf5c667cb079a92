/**
 * Time, in one shape everywhere: station services, the mutation runner, the
 * sync engine, the print queue and the central API are each handed a Clock,
 * never read the system time beside it, so tests and the testers' kit move
 * time (an idle lock, a lock-out, a ship-by date) instead of sleeping.
 */
export interface Clock {
  now(): Date;
}

/** The machine's own time. */
export const wallClock: Clock = { now: () => new Date() };

/**
 * The station's clock. Injected everywhere time matters (idle lock, lock-out,
 * ship-by dates) so tests and the testers' kit can move it instead of sleeping.
 */
export interface Clock {
  now(): Date;
  /** Test hook: shift the clock forward. */
  advance(ms: number): void;
}

export function systemClock(): Clock {
  let offsetMs = 0;
  return {
    now: () => new Date(Date.now() + offsetMs),
    advance: (ms) => {
      offsetMs += ms;
    },
  };
}

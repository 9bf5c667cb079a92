/**
 * The station's clock (`core/clock.ts`), with the hook the web host's test
 * mode and the testers' kit use to move it forward.
 */
import type { Clock } from '../../core/clock';

export type { Clock } from '../../core/clock';

export interface StationClock extends Clock {
  /** Test hook: shift the clock forward. */
  advance(ms: number): void;
}

export function systemClock(): StationClock {
  let offsetMs = 0;
  return {
    now: () => new Date(Date.now() + offsetMs),
    advance: (ms) => {
      offsetMs += ms;
    },
  };
}

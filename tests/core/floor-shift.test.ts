import { describe, expect, it } from 'vitest';
import { hourLabel, hourOfShift, hoursSoFar, shiftStart } from '../../core/floor/shift';

describe('the shift is the distribution center’s own day', () => {
  it('starts at local midnight in San Jose, summer and winter', () => {
    expect(shiftStart(new Date('2026-07-15T18:30:00Z'), 'America/Los_Angeles').toISOString()).toBe('2026-07-15T07:00:00.000Z');
    expect(shiftStart(new Date('2026-01-15T18:30:00Z'), 'America/Los_Angeles').toISOString()).toBe('2026-01-15T08:00:00.000Z');
    // 02:00 UTC is still the evening before in San Jose.
    expect(shiftStart(new Date('2026-07-16T02:00:00Z'), 'America/Los_Angeles').toISOString()).toBe('2026-07-15T07:00:00.000Z');
    expect(shiftStart(new Date('2026-07-15T18:30:00Z'), 'America/New_York').toISOString()).toBe('2026-07-15T04:00:00.000Z');
  });

  it('a day that moves the clocks starts at that morning’s offset', () => {
    // 8 March 2026: US daylight time starts at 02:00; midnight was still standard time (UTC-8).
    expect(shiftStart(new Date('2026-03-08T20:00:00Z'), 'America/Los_Angeles').toISOString()).toBe('2026-03-08T08:00:00.000Z');
    // 1 November 2026: back to standard time; midnight was daylight time (UTC-7).
    expect(shiftStart(new Date('2026-11-01T20:00:00Z'), 'America/Los_Angeles').toISOString()).toBe('2026-11-01T07:00:00.000Z');
  });

  it('counts the hours begun so far and names them by the local clock', () => {
    const start = shiftStart(new Date('2026-07-15T18:30:00Z'), 'America/Los_Angeles');
    expect(hoursSoFar(new Date('2026-07-15T18:30:00Z'), start)).toBe(12);
    expect(hoursSoFar(start, start)).toBe(1);
    expect(hourLabel(start, 0, 'America/Los_Angeles')).toBe('00:00');
    expect(hourLabel(start, 11, 'America/Los_Angeles')).toBe('11:00');
    expect(hourOfShift('2026-07-15T16:10:00.000Z', start, 12)).toBe(9);
    expect(hourOfShift('2026-07-15T06:59:59.000Z', start, 12)).toBeNull();
  });
});

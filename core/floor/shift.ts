/**
 * The shift the floor view counts: the calendar day in the distribution
 * center's own time zone (its `distribution_centers.timezone`), so a
 * supervisor in San Jose and the central office in another zone agree on
 * what "today" and "the 9 o'clock hour" mean. Pure: the caller passes now.
 */

/** Minutes the zone is ahead of UTC at this instant (-420 for San Jose in summer). */
export function zoneOffsetMinutes(at: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
  }).formatToParts(at);
  const n = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const asUtc = Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second'));
  return Math.round((asUtc - Math.floor(at.getTime() / 1000) * 1000) / 60_000);
}

/** The instant the local day of `now` began in the zone. */
export function shiftStart(now: Date, timeZone: string): Date {
  const local = new Date(now.getTime() + zoneOffsetMinutes(now, timeZone) * 60_000);
  const midnightAsUtc = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate());
  // The offset at midnight, not now: a day that changes to or from daylight time starts at its own offset.
  const guess = new Date(midnightAsUtc - zoneOffsetMinutes(now, timeZone) * 60_000);
  return new Date(midnightAsUtc - zoneOffsetMinutes(guess, timeZone) * 60_000);
}

/** The hour of the shift an event falls in (0 = the hour after local midnight), or null outside it. */
export function hourOfShift(at: string, start: Date, hours: number): number | null {
  const h = Math.floor((Date.parse(at) - start.getTime()) / 3_600_000);
  return Number.isFinite(h) && h >= 0 && h < hours ? h : null;
}

/** How many hours of the shift have begun by now (at least 1). */
export function hoursSoFar(now: Date, start: Date): number {
  return Math.max(1, Math.min(25, Math.floor((now.getTime() - start.getTime()) / 3_600_000) + 1));
}

/** "09:00", the local clock time an hour of the shift starts at. */
export function hourLabel(start: Date, hour: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(start.getTime() + hour * 3_600_000));
}

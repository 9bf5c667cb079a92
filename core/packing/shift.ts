/**
 * The packer's shift counter (issue 16 item 1): labels this station printed
 * this hour and today, on the distribution center's wall clock (a station in
 * Newark counts from Newark's midnight whatever its computer says), and the
 * rate since the day's first label.
 */

/** The start of the current hour and day in `timeZone`, as instants. */
export function localHourAndDayStart(now: Date, timeZone: string): { hourStart: Date; dayStart: Date } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })
      .formatToParts(now)
      .map((p) => [p.type, p.value]),
  ) as Record<string, string>;
  const [y, mo, d, h, mi, s] = ['year', 'month', 'day', 'hour', 'minute', 'second'].map((k) => Number(parts[k]));
  // The zone's offset at this instant; a DST change inside the day moves midnight by that hour, which a shift count can bear.
  const offsetMs = Date.UTC(y!, mo! - 1, d!, h!, mi!, s!) - Math.floor(now.getTime() / 1000) * 1000;
  return { hourStart: new Date(Date.UTC(y!, mo! - 1, d!, h!) - offsetMs), dayStart: new Date(Date.UTC(y!, mo! - 1, d!) - offsetMs) };
}

/** Labels per hour since the day's first one; under an hour in, the count itself (no extrapolated spike from two quick scans). */
export function perHourRate(today: number, firstAt: Date | null, now: Date): number {
  if (today === 0 || !firstAt) return 0;
  const hours = (now.getTime() - firstAt.getTime()) / 3_600_000;
  return Math.round(today / Math.max(hours, 1));
}

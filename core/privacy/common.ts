/** Small schemas every back-office capability shares. */
import { z } from 'zod';

export const StaffRefSchema = z.object({ username: z.string(), displayName: z.string() });

export const ReasonSchema = z.string().trim().min(3, 'Give a reason of at least 3 characters.').max(500, 'Keep the reason under 500 characters.');

/** A calendar month, "2004-03". */
export const MonthSchema = z.string().regex(/^[0-9]{4}-(0[1-9]|1[0-2])$/, 'Use a month as YYYY-MM, e.g. 2004-03.');

/** A calendar day, "2004-03-14". */
export const DaySchema = z.iso.date('Use a date as YYYY-MM-DD.');

/** Who receives an export: a company or office, named the way the register should show it. */
export const RecipientSchema = z.string().trim().min(2, 'Name who receives this file (at least 2 characters).').max(120, 'Keep the recipient under 120 characters.');

/** Months from `from` to `to`, both included: "2004-11".."2005-02" gives four. */
export function monthsBetween(from: string, to: string): string[] {
  const [fy, fm] = from.split('-').map(Number) as [number, number];
  const [ty, tm] = to.split('-').map(Number) as [number, number];
  const out: string[] = [];
  for (let n = fy * 12 + fm - 1; n <= ty * 12 + tm - 1; n++) {
    out.push(`${Math.floor(n / 12)}-${String((n % 12) + 1).padStart(2, '0')}`);
  }
  return out;
}

/** The first instant of the month after `month`, as ISO text (exclusive upper bound of a month range). */
export function startOfNextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 1)).toISOString();
}

export function startOfMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m - 1, 1)).toISOString();
}

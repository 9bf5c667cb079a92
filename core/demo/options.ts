import { z } from 'zod';

export const DEMO_POLICY_VERSION = '2003-06';

/** Share of shipments left `allocated` (open, waiting at a packing station) unless a scenario asks otherwise. */
export const DEFAULT_ALLOCATED_SHARE = 0.015;

export const DemoOptionsSchema = z
  .object({
    customers: z.number().int().min(0).max(5_000_000),
    shipments: z.number().int().min(0).max(20_000_000),
    seed: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
    /** Catalogue size; default min(20000, max(500, customers / 10)), none when there are no customers. */
    titles: z.number().int().min(0).max(1_000_000).optional(),
    /**
     * The generator's "today". Same seed + same `now` = byte-identical data; the
     * default is the start of the current UTC day, so a demo seeded today has
     * today's packing queue and the same data all day long.
     */
    now: z.date().optional(),
    /** Share of shipments left `allocated` (open at the packing stations). */
    allocatedShare: z.number().min(0).max(0.5).optional(),
  })
  .refine((o) => o.shipments === 0 || o.customers > 0, { message: 'Shipments need at least one customer.', path: ['customers'] })
  .refine((o) => o.shipments === 0 || o.titles === undefined || o.titles > 0, { message: 'Shipments need at least one title.', path: ['titles'] });

export type DemoOptions = z.input<typeof DemoOptionsSchema>;

export interface ResolvedDemoOptions {
  customers: number;
  shipments: number;
  seed: number;
  titles: number;
  now: Date;
  allocatedShare: number;
}

export function resolveDemoOptions(input: DemoOptions): ResolvedDemoOptions {
  const o = DemoOptionsSchema.parse(input);
  const titles = o.titles ?? (o.customers === 0 ? 0 : Math.min(20_000, Math.max(500, Math.floor(o.customers / 10))));
  const now = o.now ?? startOfUtcDay(new Date());
  if (Number.isNaN(now.getTime())) throw new Error('now must be a valid date');
  return { customers: o.customers, shipments: o.shipments, seed: o.seed, titles, now, allocatedShare: o.allocatedShare ?? DEFAULT_ALLOCATED_SHARE };
}

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export function startOfUtcDay(d: Date): Date {
  return new Date(dayStart(d.getTime()));
}

export function dayStart(ms: number): number {
  return ms - (((ms % DAY) + DAY) % DAY);
}

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

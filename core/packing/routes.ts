/** The central API's packing routes (`core/routes.ts`); the station's distribution center comes from its credential, never from the request. */
import { z } from 'zod';
import { route } from '../route';
import { WAREHOUSE_AND_UP } from '../roles';
import { BarcodeSchema } from './schemas';

export const packingRoutes = {
  'packing.claim': route({
    summary: 'Claim the next orders of this station’s distribution center (row-locked), with each customer’s age certification.',
    verb: 'POST',
    path: '/v1/packing/claim',
    access: WAREHOUSE_AND_UP,
    input: z.object({ count: z.number().int().min(1).max(50) }).strict(),
    output: z.object({ claimed: z.array(z.object({ shipmentId: z.number().int(), orderNumber: z.string(), ageCertified: z.boolean() })) }),
  }),
  'packing.serials': route({
    summary: 'A range of IMb serials for this station’s mailer ID, disjoint from every other station’s (USPS-B-3200: unique for 45 days).',
    verb: 'POST',
    path: '/v1/packing/serials',
    access: WAREHOUSE_AND_UP,
    input: z.object({ count: z.number().int().min(10).max(5000) }).strict(),
    output: z.object({ mailerId: z.string(), first: z.number().int(), last: z.number().int() }),
  }),
  'packing.discHome': route({
    summary: 'Which distribution center a disc belongs to, by barcode or old alias: a station holds only its own discs, and a stray one is named for the packer.',
    verb: 'POST',
    path: '/v1/packing/disc-home',
    access: WAREHOUSE_AND_UP,
    input: z.object({ barcode: BarcodeSchema }).strict(),
    output: z.object({ home: z.object({ code: z.string(), name: z.string() }).nullable() }),
    // The packer is waiting at the bench: an answer in a few seconds or the plain offline words.
    timeoutMs: 3000,
  }),
} as const;

import { z } from 'zod';
import { method } from '../method';
import { WAREHOUSE_AND_UP } from '../roles';
import { CheckInOutcomeSchema, ReasonSchema, ReturnedPieceSchema } from '../packing/schemas';

/** Discs coming back: checked in by their barcode or the return piece's IMb, and the next title to send. */
export const returnsMethods = {
  'returns.checkIn': method({
    summary: 'Check a returned disc in by its barcode or the Business Reply IMb digits of its mailer (or book it damaged); the customer’s next queued title is allocated centrally.',
    input: z.object({ barcode: ReturnedPieceSchema, damageReason: ReasonSchema.optional() }).strict(),
    output: CheckInOutcomeSchema,
    roles: WAREHOUSE_AND_UP,
  }),
  'returns.nextFor': method({
    summary: 'The order allocated to a customer after their return, once the central office has sent it.',
    input: z.object({ customerId: z.number().int().positive(), since: z.string() }).strict(),
    output: z.object({ orderNumber: z.string(), titleName: z.string() }).nullable(),
    roles: WAREHOUSE_AND_UP,
  }),
} as const;

/** Small pieces several mutators use; a mutator file stays about its own intent. */
import { z } from 'zod';
import { MutationRejected, type MutationContext, type MutationTx } from '../mutation';
import { auditRow, type AuditEntry } from '../../audit/audit-row';
import type { WritableTable } from '../tables';

export const EntityIdSchema = z.number().int().positive().max(2 ** 53 - 1);

/**
 * What a printed label was (issue 17): the piece, the STID of a letter's IMb
 * and the serial of its Business Reply IMb. Optional, so a change queued by a
 * station from before these were recorded is still accepted.
 */
export const LabelPieceArgs = {
  pieceType: z.enum(['letter', 'parcel']).optional(),
  stid: z.string().regex(/^[0-9]{3}$/, 'A service type ID is 3 digits.').nullable().optional(),
  returnSerial: z.string().regex(/^[0-9]{6,9}$/, 'A Business Reply serial is 6 to 9 digits.').nullable().optional(),
};

export async function mustGet<R extends object>(tx: MutationTx, table: WritableTable, key: Record<string, string | number>, what: string): Promise<R> {
  const row = await tx.get<R>(table, key);
  if (!row) throw new MutationRejected('RECORD_NOT_FOUND', `${what} was not found.`);
  return row;
}

/**
 * Scopes from credentials (DESIGN §4): warehouse staff work on their own
 * distribution center only, whatever a station puts in its outbox.
 */
export function assertOwnDistributionCenter(ctx: MutationContext, dc: unknown, what: string): void {
  if (ctx.role === 'warehouse' && ctx.stationDc !== null && dc !== ctx.stationDc) {
    throw new MutationRejected('OUT_OF_SCOPE', `${what} belongs to distribution center ${String(dc)}, not to this station's ${ctx.stationDc}.`);
  }
}

/**
 * For acts on the physical mailer (a void, a requeue): whatever the role, the
 * station must be one of the order's own distribution center. A supervisor
 * at San Jose cannot void Newark's order through San Jose's push: the disc
 * and its label are in Newark. A station without a DC (none today) is not
 * refused here; the server's ctx always carries the credential's DC.
 */
export function assertStationOfOrderDc(ctx: MutationContext, dc: unknown, what: string): void {
  if (ctx.stationDc !== null && dc !== ctx.stationDc) {
    throw new MutationRejected('OUT_OF_SCOPE', `${what} belongs to distribution center ${String(dc)}; only a station there can void it or put it back in the queue, not this station of ${ctx.stationDc}.`);
  }
}

/** An audit_log row written by the mutation that caused it (policy: who changed which customer field, same transaction). */
export async function writeAuditRow(tx: MutationTx, ctx: MutationContext, entry: Pick<AuditEntry, 'action' | 'customerId' | 'fields' | 'reason' | 'detail'>): Promise<void> {
  await tx.insert('audit_log', auditRow(tx.newId(), { ...entry, at: ctx.at, staffId: ctx.staffId, stationId: ctx.stationId }));
}

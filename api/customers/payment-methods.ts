import type { Knex } from 'knex';
import { AppError } from '../../core/errors';
import { cardDigits, checkCard } from '../../core/payments/card';
import type { PaymentProcessor } from './payment-processor';
import { writeAudit } from '../audit/write-audit';

export interface CardChange {
  cardNumber: string;
  expMonth: number;
  expYear: number;
}

/**
 * Replaces a customer's card: checked, tokenized at the processor, and only
 * the token, brand, last 4 and expiry stored, with its audit row in the same
 * transaction. The number itself never reaches SQL, the audit or the logs.
 */
export async function replaceCard(
  knex: Knex,
  processor: PaymentProcessor,
  customerId: number,
  change: CardChange,
  actor: { staffId: string; stationId: string },
  now: Date,
): Promise<{ brand: string; last4: string; expMonth: number; expYear: number }> {
  const check = checkCard({ number: change.cardNumber, expMonth: change.expMonth, expYear: change.expYear }, now);
  if (!check.ok || !check.brand) throw new AppError('INVALID_INPUT', 'The card was not accepted.', check.errors.map((e) => ({ field: e.field === 'number' ? 'cardNumber' : 'expiry', message: e.message })));
  const exists = await knex('customers').where('id', customerId).first('id');
  if (!exists) throw new AppError('NOT_FOUND', `No customer ${customerId}.`);
  const expYear = change.expYear < 100 ? 2000 + change.expYear : change.expYear;
  const tokenized = await processor.tokenize({ cardNumber: cardDigits(change.cardNumber), expMonth: change.expMonth, expYear, brand: check.brand });
  await knex.transaction(async (trx) => {
    await trx('payment_methods').where({ customer_id: customerId, is_current: true }).update({ is_current: false });
    await trx('payment_methods').insert({
      customer_id: customerId,
      processor_token: tokenized.token,
      brand: tokenized.brand,
      last4: tokenized.last4,
      exp_month: change.expMonth,
      exp_year: expYear,
      is_current: true,
      created_at: now.toISOString(),
    });
    await writeAudit(trx, { at: now, action: 'customer.card_changed', staffId: actor.staffId, stationId: actor.stationId, customerId, fields: ['card'], detail: { brand: tokenized.brand, last4: tokenized.last4 } });
  });
  return { brand: tokenized.brand, last4: tokenized.last4, expMonth: change.expMonth, expYear };
}

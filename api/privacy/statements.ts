/**
 * Anonymous customer statements for marketing.
 *
 * policy: "We may also disclose, on an anonymous basis, literal statements
 * made by our customers. At no time, however, will we disclose personal
 * information about specific users."
 *
 * Quotes come only from published reviews (approved or redacted), never from
 * pending or rejected ones. Each goes through core/privacy anonymizeStatement
 * with everything the central office knows about its author (name,
 * pseudonym, email, phone, city, state, ZIP) so those can be taken out, and
 * is attributed to a state and a month. The author's details are read here
 * to be removed and never leave: the file has quote, attribution, title and
 * stars, and no review id (which would lead to the public review page and
 * its pseudonym).
 */
import type { Knex } from 'knex';
import { anonymizeStatement } from '../../core/privacy';
import { safeFilename, type DownloadFile } from '../../core/privacy/files';
import { toCsv } from '../../platform/csv';
import { STATEMENTS_HEADER, type Statement, type StatementsInput } from '../../core/privacy/statements';
import type { Actor } from '../staff/accounts';
import { writeAudit } from '../audit/write-audit';
import { recordFileExport } from './disclosures';

interface SourceRow {
  body: string;
  stars: number;
  created_at: string;
  title_name: string;
  full_name: string;
  pseudonym: string;
  email: string;
  phone: string | null;
  city: string | null;
  state: string | null;
  zip5: string | null;
}

export async function anonymousStatements(db: Knex | Knex.Transaction, input: StatementsInput): Promise<Statement[]> {
  const q = db('reviews as r')
    .join('titles as t', 't.id', 'r.title_id')
    .join('customers as c', 'c.id', 'r.customer_id')
    .leftJoin('addresses as a', function () {
      this.on('a.customer_id', 'c.id').andOn('a.is_current', db.raw('?', [true]));
    })
    .whereIn('r.moderation_state', ['approved', 'redacted'])
    .where('r.stars', '>=', input.minStars)
    .orderBy([{ column: 'r.stars', order: 'desc' }, { column: 'r.created_at', order: 'desc' }, { column: 'r.id', order: 'desc' }])
    .limit(input.limit)
    .select('r.body', 'r.stars', 'r.created_at', 't.name as title_name', 'c.full_name', 'r.pseudonym', 'c.email', 'c.phone', 'a.city', 'a.state', 'a.zip5');
  if (input.titleIds.length > 0) q.whereIn('r.title_id', input.titleIds);
  const rows = (await q) as SourceRow[];
  return rows.map((r) => {
    const statement = anonymizeStatement({
      text: r.body,
      customer: { fullName: r.full_name, pseudonym: r.pseudonym, email: r.email, phone: r.phone, city: r.city, state: r.state, zip: r.zip5 },
      writtenAt: r.created_at,
    });
    return { quote: statement.text, attribution: statement.attribution, titleName: r.title_name, stars: Number(r.stars), removed: statement.removed.length };
  });
}

export async function exportStatements(knex: Knex, input: StatementsInput, recipient: string, actor: Actor, now: Date): Promise<{ file: DownloadFile; disclosureId: string }> {
  return knex.transaction(async (trx) => {
    const statements = await anonymousStatements(trx, input);
    const file: DownloadFile = {
      filename: `${safeFilename('customer-quotes', recipient, now.toISOString().slice(0, 10))}.csv`,
      mimeType: 'text/csv',
      content: toCsv(STATEMENTS_HEADER, statements.map((s) => [s.quote, s.attribution, s.titleName, s.stars])),
      rows: statements.length,
      audience: 'recipient',
      description: `For ${recipient}: ${statements.length} customer quotes with names, contact details, places finer than a state and dates finer than a month removed.`,
    };
    const disclosureId = await recordFileExport(
      trx,
      file,
      {
        exportKind: 'anonymous_statements',
        recipient,
        legalBasis: 'Literal statements disclosed on an anonymous basis',
        scope: `${statements.length} anonymized review quotes (${input.minStars}+ stars)`,
        reference: input.titleIds.length > 0 ? `titles:${input.titleIds.join(',')}` : null,
      },
      actor,
      now,
    );
    await writeAudit(trx, {
      at: now, action: 'statements.exported', staffId: actor.staffId, stationId: actor.stationId, reason: `anonymous quotes for ${recipient}`,
      detail: { disclosureId, statements: statements.length },
    });
    return { file, disclosureId };
  });
}

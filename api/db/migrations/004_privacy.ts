/**
 * The privacy back office (issue #7): affiliate decisions, policy versions
 * and declared uses of data, consent notices, partner campaigns with their
 * per-campaign vendor tokens, review redactions, and the disclosure register.
 * Central only: none of it is synced to a station.
 *
 * The disclosure register is append-only in the database itself, not just by
 * convention: a trigger refuses UPDATE and DELETE (and TRUNCATE on
 * PostgreSQL), so a record of a disclosure cannot be rewritten after the fact
 * by any code path, including one written later (policy: "Netflix also
 * reserves the right to disclose information when required by law" — and
 * keeps the record of it).
 */
import type { Knex } from 'knex';

const timestamp = (t: Knex.CreateTableBuilder, name: string) => t.string(name, 32);

function isPostgres(knex: Knex): boolean {
  const client = (knex.client as { config?: { client?: unknown } }).config?.client;
  return client === 'pg' || client === 'postgres' || client === 'postgresql';
}

const APPEND_ONLY_MESSAGE = 'disclosures is append-only: a disclosure, once recorded, is never changed or removed';

// Frozen copies: the policy every customer accepted at registration (the 2003-06-22 text in ../shared/policy)
// and what it already says the data is used for, published by this migration.
const BASELINE_POLICY_VERSION = '2003-06';
const BASELINE_PUBLISHED_AT = '2003-06-22T00:00:00.000Z';
const BASELINE_DATA_USES: readonly { name: string; description: string }[] = [
  { name: 'order_fulfilment', description: 'Process orders and communicate about their status; the phone only for order-related issues.' },
  { name: 'email_publications', description: 'Newsletters, special offers, promotional announcements and surveys by email, to subscribers.' },
  { name: 'postal_offers', description: 'Special offers and promotional information by postal mail to the shipping address.' },
  { name: 'partner_mailings', description: 'Promotional announcements with partner companies, sent through a mailing vendor; the partner never sees contact details.' },
  { name: 'aggregate_reports', description: 'Analyses of customers in the aggregate for partners and advertisers, small groups withheld.' },
  { name: 'anonymous_statements', description: 'Literal statements made by customers, disclosed on an anonymous basis.' },
];

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('affiliate_decisions', (t) => {
    t.text('id').primary();
    t.integer('affiliate_id').notNullable().references('id').inTable('affiliates');
    t.text('decision').notNullable();
    t.text('from_status').notNullable();
    t.text('to_status').notNullable();
    t.text('reason').notNullable();
    t.text('staff_id').notNullable().references('id').inTable('staff');
    t.text('station_id').nullable();
    timestamp(t, 'at').notNullable();
    t.index(['affiliate_id', 'at']);
  });

  await knex.schema.createTable('policy_versions', (t) => {
    t.text('version').primary();
    timestamp(t, 'published_at').notNullable();
    t.text('summary').notNullable();
    t.text('published_by').nullable().references('id').inTable('staff');
  });

  await knex.schema.createTable('data_uses', (t) => {
    t.text('name').primary();
    t.text('description').notNullable();
    t.text('requires_version').notNullable().references('version').inTable('policy_versions');
    timestamp(t, 'declared_at').notNullable();
    t.text('declared_by').nullable().references('id').inTable('staff');
  });

  // The notice-and-consent email job: one row per customer and version; the mailer sets sent_at.
  await knex.schema.createTable('consent_notices', (t) => {
    t.integer('customer_id').notNullable().references('id').inTable('customers');
    t.text('version').notNullable().references('version').inTable('policy_versions');
    timestamp(t, 'queued_at').notNullable();
    timestamp(t, 'sent_at').nullable();
    t.primary(['customer_id', 'version']);
    t.index(['version', 'sent_at']);
  });

  await knex.schema.createTable('campaigns', (t) => {
    t.text('id').primary();
    t.text('name').notNullable();
    t.text('partner_name').notNullable();
    t.text('vendor_name').notNullable();
    t.text('channel').notNullable();
    t.text('data_use').notNullable().references('name').inTable('data_uses');
    t.text('criteria').notNullable();
    t.integer('recipient_count').notNullable();
    t.text('created_by').notNullable().references('id').inTable('staff');
    t.text('station_id').nullable();
    timestamp(t, 'created_at').notNullable();
    t.index(['created_at']);
  });

  // Tokens are random per campaign: the same customer has unrelated tokens in two campaigns, so partners cannot join them.
  await knex.schema.createTable('campaign_recipients', (t) => {
    t.text('campaign_id').notNullable().references('id').inTable('campaigns');
    t.integer('customer_id').notNullable().references('id').inTable('customers');
    t.text('vendor_token').notNullable().unique();
    t.primary(['campaign_id', 'customer_id']);
    t.index(['customer_id']);
  });

  // Kind and position of what was cut, never the removed text (policy: reviews are public; the log must not be one more copy).
  await knex.schema.createTable('review_redactions', (t) => {
    t.text('id').primary();
    t.integer('review_id').notNullable().references('id').inTable('reviews');
    t.text('staff_id').notNullable().references('id').inTable('staff');
    timestamp(t, 'at').notNullable();
    t.text('spans').notNullable();
    t.integer('removed_chars').notNullable();
    t.index(['review_id']);
  });

  await knex.schema.createTable('disclosures', (t) => {
    t.text('id').primary();
    timestamp(t, 'at').notNullable();
    t.text('kind').notNullable();
    t.text('export_kind').nullable();
    t.text('recipient').notNullable();
    t.text('legal_basis').notNullable();
    t.text('scope').notNullable();
    t.text('approver_staff_id').nullable().references('id').inTable('staff');
    t.text('recorded_by').notNullable().references('id').inTable('staff');
    t.text('station_id').nullable();
    t.string('requested_on', 10).nullable();
    t.integer('row_count').nullable();
    t.text('filename').nullable();
    t.text('content_sha256').nullable();
    t.text('reference').nullable();
    t.text('customer_ids').nullable();
    t.index(['at']);
    t.index(['kind', 'at']);
  });

  if (isPostgres(knex)) {
    await knex.raw(`
      CREATE FUNCTION disclosures_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '${APPEND_ONLY_MESSAGE}';
      END $$`);
    await knex.raw('CREATE TRIGGER disclosures_no_change BEFORE UPDATE OR DELETE ON disclosures FOR EACH ROW EXECUTE FUNCTION disclosures_append_only()');
    await knex.raw('CREATE TRIGGER disclosures_no_truncate BEFORE TRUNCATE ON disclosures FOR EACH STATEMENT EXECUTE FUNCTION disclosures_append_only()');
  } else {
    await knex.raw(`CREATE TRIGGER disclosures_no_update BEFORE UPDATE ON disclosures BEGIN SELECT RAISE(ABORT, '${APPEND_ONLY_MESSAGE}'); END`);
    await knex.raw(`CREATE TRIGGER disclosures_no_delete BEFORE DELETE ON disclosures BEGIN SELECT RAISE(ABORT, '${APPEND_ONLY_MESSAGE}'); END`);
  }

  // The policy customers accepted at registration, and the uses it already states.
  await knex('policy_versions').insert({
    version: BASELINE_POLICY_VERSION,
    published_at: BASELINE_PUBLISHED_AT,
    summary: 'The privacy policy every customer accepted at registration (June 2003).',
    published_by: null,
  });
  await knex('data_uses').insert(
    BASELINE_DATA_USES.map((u) => ({ ...u, requires_version: BASELINE_POLICY_VERSION, declared_at: BASELINE_PUBLISHED_AT, declared_by: null })),
  );
}

export async function down(knex: Knex): Promise<void> {
  // Dropping the table drops its triggers; on SQLite the DELETE trigger would otherwise refuse nothing here (no rows are deleted).
  for (const name of ['disclosures', 'review_redactions', 'campaign_recipients', 'campaigns', 'consent_notices', 'data_uses', 'policy_versions', 'affiliate_decisions']) {
    await knex.schema.dropTableIfExists(name);
  }
  if (isPostgres(knex)) await knex.raw('DROP FUNCTION IF EXISTS disclosures_append_only()');
}

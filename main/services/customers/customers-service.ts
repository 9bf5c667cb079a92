/**
 * Account edits by phone (issue #5): a rep checks who is calling, then edits
 * the customer's mailing preferences, name, email, phone, shipping address and
 * card, or has a password-reset email sent.
 *
 * - Every edit is refused here, not only in the form, unless this staff
 *   session passed a caller check for this customer within
 *   CALLER_CHECK_VALID_MINUTES of the station clock (policy: "You must be
 *   signed in to access Your Account").
 * - Every edit but the card is a named mutation (core/sync/mutators): the
 *   local change and its outbox row in one transaction, so it works offline
 *   and reaches the central office exactly once (DESIGN §4).
 * - The card goes straight to the central office's processor boundary; the
 *   station keeps brand, last 4 and expiry only (policy: card via processor
 *   token). The number is never logged, queued, audited or stored here.
 */
import type { Knex } from 'knex';
import type { z } from 'zod';
import { maskEmail } from '../../../core/contact/email';
import { AppError, type FieldIssue } from '../../../core/errors';
import { cardDigits, checkCard } from '../../../core/payments/card';
import { normalizeAddress, type AddressInput, type NormalizeAddressResult } from '../../../core/postal';
import { HELD_CENTRALLY } from '../../../core/sync/scopes';
import type { MutatorArgs, MutatorName } from '../../../core/sync/mutators/index';
import {
  PREFERENCE_COLUMN,
  type AddressEntry,
  type AddressPreview,
  type ChangeCardInputSchema,
  type ConsentEventView,
  type NormalizedAddressView,
  type PasswordResetResult,
  type SetPreferenceInputSchema,
  type UpdateContactInputSchema,
} from '../../../core/customers/schemas';
import {
  CALLER_CHECK_AUDIT, CALLER_CHECK_MAX_FAILURES, CALLER_CHECK_VALID_MINUTES, callerMatches, type CallerCheckInput, type CallerStatus, type VerifyCallerResult,
} from '../../../core/customers/caller-check';
import type { Customer360 } from '../../../core/lookup/schemas';
import type { RouteOutput } from '../../../core/routes';
import type { Logger } from '../../../platform/logger';
import type { CentralClient } from '../../central/central-client';
import type { Clock } from '../../host/clock';
import type { SyncEngine } from '../../sync/sync-engine';
import type { StationSession } from '../auth/auth-service';
import type { LookupService } from '../lookup/lookup-service';
import type { Connectivity } from '../station/connectivity';
import { CallerChecks } from './caller-checks';
import { conflictsOf, markConflictSeen } from './conflicts';

export interface CustomersServiceDeps {
  knex: Knex;
  central: CentralClient;
  connectivity: Connectivity;
  clock: Clock;
  logger: Logger;
  sync: SyncEngine;
  /** Station tables changed here (a conflict marked seen): open screens read again. */
  onTablesChanged?: (tables: readonly string[]) => void;
  lookup: LookupService;
}

type Row = Record<string, unknown>;

const CARD_NEEDS_CONNECTION =
  'A card change needs the central office, and it cannot be reached right now. The card goes straight to the payment processor and is never kept at this station, so it cannot wait here. Ask the caller to try again later; everything else can still be changed.';

/** policy: preferences, contact and address edits are made "on the customer's behalf" by phone. */
const CHANNEL = 'phone';
const ACCESS_REASON = 'phone_call';

export class CustomersService {
  private readonly checks = new CallerChecks();

  constructor(private readonly deps: CustomersServiceDeps) {}

  // ------------------------------------------------------------ caller check

  callerStatus(session: StationSession, customerId: number): CallerStatus {
    return this.checks.status(session, customerId, this.deps.clock.now());
  }

  async verifyCaller(session: StationSession, input: CallerCheckInput): Promise<VerifyCallerResult> {
    const { customerId } = input;
    const now = this.deps.clock.now();
    const pausedUntil = this.checks.isPaused(session, customerId, now);
    if (pausedUntil) {
      await this.audit(session, CALLER_CHECK_AUDIT.refused, customerId, { method: input.method, outcome: 'refused' });
      const minutes = Math.max(1, Math.ceil((pausedUntil.getTime() - now.getTime()) / 60_000));
      throw AppError.because(
        'CALLER_CHECK_PAUSED',
        `${CALLER_CHECK_MAX_FAILURES} checks for this customer failed; no more checks for ${minutes} more minute${minutes === 1 ? '' : 's'}. Nothing on the account can be changed on this call; a supervisor can help.`,
      );
    }

    await this.bringIntoCache(session, customerId);
    const onFile = await this.factsOnFile(customerId);
    const passed = callerMatches(input, onFile);
    // Outcome and method only: what the caller said is never recorded (policy: strict internal guidelines).
    if (passed) {
      this.checks.recordPass(session, customerId, input.method, now);
      await this.audit(session, CALLER_CHECK_AUDIT.passed, customerId, { method: input.method, outcome: 'passed' });
      return {
        outcome: 'passed',
        message: `Caller verified. You can change this account for the next ${CALLER_CHECK_VALID_MINUTES} minutes.`,
        status: this.checks.status(session, customerId, now),
      };
    }
    const { paused } = this.checks.recordFailure(session, customerId, now);
    await this.audit(session, CALLER_CHECK_AUDIT.failed, customerId, { method: input.method, outcome: 'failed' });
    if (paused) await this.audit(session, CALLER_CHECK_AUDIT.paused, customerId, { method: input.method, outcome: 'paused' });
    const status = this.checks.status(session, customerId, now);
    return {
      outcome: 'failed',
      message: paused
        ? `The details do not match what is on file. After ${CALLER_CHECK_MAX_FAILURES} failed checks, checks for this customer are paused for a while.`
        : `The details do not match what is on file. ${status.attemptsLeft} attempt${status.attemptsLeft === 1 ? '' : 's'} left.`,
      status,
    };
  }

  /** The edit gate: a pass for THIS customer, in THIS session, recent enough on the station clock. */
  private requireVerified(session: StationSession, customerId: number): void {
    if (this.checks.isVerified(session, customerId, this.deps.clock.now())) return;
    throw AppError.because(
      'CALLER_NOT_VERIFIED',
      `Verify the caller first (ZIP and card last 4, or the email on file). A check counts for ${CALLER_CHECK_VALID_MINUTES} minutes.`,
    );
  }

  /**
   * Opens the customer at this desk before a check: subscribed, so the
   * central office's later changes (and conflicts) reach this desk and the
   * edits carry the versions they were made on (DESIGN §4 per-field merge).
   * Offline, the cache is used as it is; a customer never held here is
   * fetched as the 360 view does.
   */
  private async bringIntoCache(session: StationSession, customerId: number): Promise<void> {
    const cached = !!(await this.deps.knex('customers').where({ id: customerId }).first('id'));
    // A customer this desk never held can only come from the central office: ask whether it answers again before giving up.
    const online = session.apiToken !== null && (this.deps.connectivity.isOnline() || (!cached && (await this.deps.connectivity.check())));
    if (session.apiToken && online) {
      try {
        await this.deps.sync.subscribe(customerId, session.apiToken, ACCESS_REASON);
        await this.deps.sync.syncNow();
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        if (err.code === 'NOT_FOUND') throw new AppError('NOT_FOUND', `There is no customer ${customerId}.`);
        if (err.code !== 'OFFLINE') this.deps.logger.warn({ code: err.code, customerId }, 'subscribing a customer at this desk failed; using the cache');
      }
    }
    if (!(await this.deps.knex('customers').where({ id: customerId }).first('id'))) {
      await this.deps.lookup.customer360(session, customerId, ACCESS_REASON);
    }
  }

  private async factsOnFile(customerId: number): Promise<{ zip5: string | null; cardLast4: string | null; email: string }> {
    const { knex } = this.deps;
    const customer = (await knex('customers').where({ id: customerId }).first('email')) as { email: string } | undefined;
    if (!customer) throw new AppError('NOT_FOUND', `There is no customer ${customerId}.`);
    const address = (await knex('addresses').where({ customer_id: customerId, kind: 'shipping', is_current: true }).orderBy('id', 'desc').first('zip5')) as
      | { zip5: string }
      | undefined;
    const card = (await knex('payment_methods').where({ customer_id: customerId, is_current: true }).orderBy('id', 'desc').first('last4')) as
      | { last4: string }
      | undefined;
    return { zip5: address?.zip5 ?? null, cardLast4: card?.last4 ?? null, email: customer.email };
  }

  // ------------------------------------------------------------ preferences

  async setPreference(session: StationSession, input: z.output<typeof SetPreferenceInputSchema>) {
    this.requireVerified(session, input.customerId);
    // One mutation: the preference and its consent event (old -> new, rep, channel, policy version) in one transaction.
    await this.mutate(session, 'preferences.set', { customerId: input.customerId, field: PREFERENCE_COLUMN[input.field], value: input.value, channel: CHANNEL });
    const prefs = (await this.deps.knex('preferences').where({ customer_id: input.customerId }).first()) as Row | undefined;
    if (!prefs) throw new AppError('NOT_FOUND', `Customer ${input.customerId} has no preferences at this station.`);
    return { preferences: preferencesView(prefs), pendingChanges: await this.pendingChanges() };
  }

  async consentHistory(customerId: number): Promise<{ events: ConsentEventView[] }> {
    const rows = (await this.deps
      .knex('consent_events as e')
      .leftJoin('staff_offline as s', 's.staff_id', 'e.staff_id')
      .where('e.customer_id', customerId)
      .orderBy([
        { column: 'e.at', order: 'desc' },
        { column: 'e.id', order: 'desc' },
      ])
      .limit(200)
      .select('e.id', 'e.at', 'e.field', 'e.old_value', 'e.new_value', 'e.staff_id', 'e.channel', 'e.policy_version', 's.display_name')) as Array<{
      id: string;
      at: string;
      field: string;
      old_value: string | null;
      new_value: string | null;
      staff_id: string | null;
      channel: string;
      policy_version: string;
      display_name: string | null;
    }>;
    return {
      events: rows.map((r) => ({
        id: r.id,
        at: r.at,
        field: r.field,
        oldValue: r.old_value,
        newValue: r.new_value,
        staffId: r.staff_id,
        rep: r.staff_id ? (r.display_name ?? r.staff_id) : null,
        channel: r.channel,
        policyVersion: r.policy_version,
      })),
    };
  }

  // ------------------------------------------------------------ contact

  async updateContact(session: StationSession, input: z.output<typeof UpdateContactInputSchema>) {
    const { customerId } = input;
    this.requireVerified(session, customerId);
    const { knex } = this.deps;
    const current = (await knex('customers').where({ id: customerId }).first('full_name', 'email', 'phone')) as
      | { full_name: string; email: string; phone: string | null }
      | undefined;
    if (!current) throw new AppError('NOT_FOUND', `There is no customer ${customerId} at this station.`);

    // Only what differs from what the rep saw: an unchanged field must not overwrite another desk's newer edit of it (per-field merge).
    const args: MutatorArgs<'customer.updateContact'> = { customerId };
    const changed: Array<'fullName' | 'email' | 'phone'> = [];
    if (input.fullName !== undefined && input.fullName !== current.full_name) (args.fullName = input.fullName), changed.push('fullName');
    if (input.email !== undefined && input.email !== current.email) (args.email = input.email), changed.push('email');
    if (input.phone !== undefined && input.phone !== current.phone) (args.phone = input.phone), changed.push('phone');

    if (args.email !== undefined) await this.assertEmailFree(session, customerId, args.email);
    // The mutator audits the change (customer.contact_updated, fields) in the same transaction.
    if (changed.length > 0) await this.mutate(session, 'customer.updateContact', args);
    const after = (await knex('customers').where({ id: customerId }).first('full_name', 'email', 'phone')) as { full_name: string; email: string; phone: string | null };
    return { contact: { fullName: after.full_name, email: after.email, phone: after.phone }, changed, pendingChanges: await this.pendingChanges() };
  }

  /** A call note: no caller check (it changes nothing of the account), but only for a customer this desk holds. */
  async addNote(session: StationSession, input: { customerId: number; reason: MutatorArgs<'customer.addNote'>['reason']; body: string }) {
    const held = await this.deps.knex('customers').where({ id: input.customerId }).first('id');
    if (!held) throw new AppError('NOT_FOUND', `There is no customer ${input.customerId} at this station.`);
    // The mutator writes the note and its audit row (customer.note_added) in one transaction, queued for the central office.
    await this.mutate(session, 'customer.addNote', input);
    return { pendingChanges: await this.pendingChanges() };
  }

  /**
   * An order problem on the call (issue 15 item 5): the caller must be
   * verified, as for any change to their account, and the order must be one
   * of theirs. The mutator records it (and its audit row) in one transaction
   * and queues it; the central office settles it and the result comes back
   * with the next pull.
   */
  async reportProblem(session: StationSession, input: { customerId: number; shipmentId: number; kind: MutatorArgs<'shipment.reportProblem'>['kind']; reason: string }) {
    this.requireVerified(session, input.customerId);
    const order = await this.deps.knex('shipments').where({ id: input.shipmentId, customer_id: input.customerId }).first('id');
    if (!order) throw new AppError('NOT_FOUND', `Order ${input.shipmentId} is not one of this customer's orders at this station.`);
    await this.mutate(session, 'shipment.reportProblem', { shipmentId: input.shipmentId, kind: input.kind, reason: input.reason });
    return { pendingChanges: await this.pendingChanges() };
  }

  /** A supervisor's decision on a replacement past the limit: not a change the caller asks for, so no caller check. */
  async decideProblem(session: StationSession, input: { customerId: number; problemId: string; decision: 'approve' | 'refuse'; reason: string }) {
    const problem = await this.deps.knex('order_problems').where({ id: input.problemId, customer_id: input.customerId }).first('id');
    if (!problem) throw new AppError('NOT_FOUND', 'That problem is not one of this customer\'s at this station.');
    await this.mutate(session, 'shipment.decideProblem', { problemId: input.problemId, decision: input.decision, reason: input.reason });
    return { pendingChanges: await this.pendingChanges() };
  }

  /**
   * One customer, one email: checked in this station's cache, and at the
   * central office when it answers, so the rep hears it during the call. The
   * central office decides in the end: a duplicate that slips through offline
   * is a rejected mutation with its reason (EMAIL_TAKEN) in the sync status.
   */
  private async assertEmailFree(session: StationSession, customerId: number, email: string): Promise<void> {
    const taken = () =>
      AppError.because('EMAIL_TAKEN', 'Another customer already uses this email address; nothing was changed.', [
        { field: 'email', message: 'Another customer already uses this email.' },
      ]);
    const local = await this.deps.knex('customers').where({ email }).whereNot({ id: customerId }).first('id');
    if (local) throw taken();
    if (!session.apiToken || !this.deps.connectivity.isOnline()) return;
    try {
      const { customers } = await this.deps.central.call('lookup.searchCustomers', { q: email, reason: ACCESS_REASON }, { staffToken: session.apiToken });
      if (customers.some((c) => c.id !== customerId && c.email?.toLowerCase() === email)) throw taken();
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== 'OFFLINE') throw err;
    }
  }

  // ------------------------------------------------------------ address

  previewAddress(entry: AddressEntry): AddressPreview {
    const result = normalizeAddress(addressInput(entry));
    return result.ok ? { ok: true, address: normalizedView(result) } : { ok: false, fields: addressIssues(result) };
  }

  async updateAddress(session: StationSession, input: { customerId: number; address: AddressEntry }) {
    this.requireVerified(session, input.customerId);
    const entry = addressInput(input.address);
    const result = normalizeAddress(entry);
    // Pub 28: what cannot be normalized cannot be mailed, so it is not saved; the reasons go next to the fields.
    if (!result.ok) throw AppError.because('ADDRESS_NOT_MAILABLE', 'This address cannot be mailed as entered; nothing was saved.', addressIssues(result));
    // The mutator stores the normalized fields and, beside them, the entry as typed.
    await this.mutate(session, 'address.update', { customerId: input.customerId, address: { ...entry, line2: entry.line2 ?? null } });
    return { address: normalizedView(result), pendingChanges: await this.pendingChanges() };
  }

  // ------------------------------------------------------------ card

  async changeCard(session: StationSession, input: z.output<typeof ChangeCardInputSchema>): Promise<{ card: NonNullable<Customer360['profile']['card']> }> {
    const { customerId, expMonth, expYear } = input;
    this.requireVerified(session, customerId);
    const check = checkCard({ number: input.cardNumber, expMonth, expYear }, this.deps.clock.now());
    if (!check.ok) {
      throw AppError.because(
        'CARD_NOT_ACCEPTED',
        'Check the card details with the caller; nothing was sent.',
        check.errors.map((e) => ({ field: e.field === 'number' ? 'cardNumber' : 'expiry', message: e.message })),
      );
    }
    // The status may lag a link that just came back: one quick health check before telling the rep to wait.
    if (!session.apiToken || !(this.deps.connectivity.isOnline() || (await this.deps.connectivity.check()))) throw AppError.because('CARD_NEEDS_CENTRAL', CARD_NEEDS_CONNECTION);
    let answer: RouteOutput<'customers.changeCard'>;
    try {
      answer = await this.deps.central.call('customers.changeCard', { customerId, cardNumber: cardDigits(input.cardNumber), expMonth, expYear }, { staffToken: session.apiToken });
    } catch (err) {
      if (err instanceof AppError && err.code === 'OFFLINE') throw AppError.because('CARD_NEEDS_CENTRAL', CARD_NEEDS_CONNECTION);
      throw err;
    }
    // The station mirrors the central row without its token (as a pull would bring it), until its next pull brings the same row.
    await this.deps.knex.transaction(async (trx) => {
      await trx('payment_methods').where({ customer_id: customerId, is_current: true }).whereNot({ id: answer.paymentMethodId }).update({ is_current: false });
      await trx('payment_methods')
        .insert({
          id: answer.paymentMethodId,
          customer_id: customerId,
          processor_token: HELD_CENTRALLY,
          brand: answer.brand,
          last4: answer.last4,
          exp_month: answer.expMonth,
          exp_year: answer.expYear,
          is_current: true,
          created_at: answer.createdAt,
        })
        .onConflict('id')
        .merge();
    });
    this.deps.logger.info({ customerId, brand: answer.brand }, 'card changed at the central office');
    return { card: { brand: answer.brand, last4: answer.last4, expMonth: answer.expMonth, expYear: answer.expYear } };
  }

  // ------------------------------------------------------------ password

  /**
   * Policy: the customer keeps their own password; a rep can only have a
   * reset link emailed to the address on file. Online it is recorded at the
   * central office at once; offline the same audit fact travels through the
   * outbox and is recorded there when the station reconnects.
   */
  async sendPasswordReset(session: StationSession, customerId: number): Promise<PasswordResetResult> {
    this.requireVerified(session, customerId);
    const customer = (await this.deps.knex('customers').where({ id: customerId }).first('email')) as { email: string } | undefined;
    if (!customer) throw new AppError('NOT_FOUND', `There is no customer ${customerId} at this station.`);
    if (session.apiToken && this.deps.connectivity.isOnline()) {
      try {
        const sent = await this.deps.central.call('customers.passwordReset', { customerId }, { staffToken: session.apiToken });
        return { delivery: 'sent', sentTo: sent.sentTo, requestedAt: sent.requestedAt };
      } catch (err) {
        if (!(err instanceof AppError) || err.code !== 'OFFLINE') throw err;
      }
    }
    await this.audit(session, 'customer.password_reset_requested', customerId, { channel: CHANNEL, queued_offline: true });
    return { delivery: 'queued', sentTo: maskEmail(customer.email), requestedAt: this.deps.clock.now().toISOString() };
  }

  // ------------------------------------------------------------ conflicts

  conflicts(customerId: number) {
    return conflictsOf(this.deps.knex, customerId, this.deps.clock.now());
  }

  async markConflictSeen(customerId: number, conflictId: string) {
    const answer = await markConflictSeen(this.deps.knex, customerId, conflictId, this.deps.clock.now());
    this.deps.onTablesChanged?.(['conflicts']);
    return answer;
  }

  // ------------------------------------------------------------ helpers

  private async mutate<N extends MutatorName>(session: StationSession, name: N, args: MutatorArgs<N>): Promise<void> {
    await this.deps.sync.mutate(name, args, { staffId: session.staff.id, role: session.staff.role });
  }

  /** An audit fact through the `audit.record` mutator, so it reaches the central audit log with the next push. */
  private async audit(session: StationSession, action: string, customerId: number, detail: Record<string, string | boolean>): Promise<void> {
    await this.mutate(session, 'audit.record', { action, customerId, reason: ACCESS_REASON, detail });
  }

  private async pendingChanges(): Promise<number> {
    const row = await this.deps.knex('outbox').where({ status: 'pending' }).count({ n: '*' }).first();
    return Number(row?.n ?? 0);
  }
}

function preferencesView(p: Row) {
  return {
    emailNewsletter: !!p.email_newsletter,
    emailOffers: !!p.email_offers,
    emailPromotions: !!p.email_promotions,
    emailSurveys: !!p.email_surveys,
    postalOffers: !!p.postal_offers,
    partnerMailingsExcluded: !!p.partner_mailings_excluded,
  };
}

function addressInput(entry: AddressEntry): AddressInput {
  const line2 = entry.line2?.trim() ? entry.line2 : null;
  return { line1: entry.line1, line2, city: entry.city, state: entry.state, zip: entry.zip };
}

function normalizedView(a: Extract<NormalizeAddressResult, { ok: true }>): NormalizedAddressView {
  return { deliveryLine: a.deliveryLine, secondaryLine: a.secondaryLine ?? null, lastLine: a.lastLine };
}

function addressIssues(result: Extract<NormalizeAddressResult, { ok: false }>): FieldIssue[] {
  return result.errors.map((e) => ({ field: `address.${e.field}`, message: `${e.message}.` }));
}

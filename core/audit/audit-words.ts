/**
 * An audit row in words for the person reading the log: "Carl Service opened
 * Angela Wright's account — phone call". The code stays in the row (the
 * viewer shows it beside the words; the CSV export keeps it) for anyone who
 * filters or scripts on it. A code without words here still reads as a
 * sentence, never as `customer.viewed`.
 */
import { changeWords } from '../sync/change-words';
import type { AuditEntry } from './schemas';

const ACCESS_REASONS: Record<string, string> = {
  phone_call: 'phone call',
  email: 'email',
  postal_mail: 'letter',
  follow_up: 'follow-up',
  other: 'other reason',
};

const PROBLEM_KIND_PHRASE: Record<string, string> = { not_received: 'never arrived', damaged: 'damaged disc', wrong_disc: 'wrong disc' };

const CALLER_METHODS: Record<string, string> = { zip_and_card: 'ZIP code and card', email: 'email address' };

const SIGN_IN_FAILURES: Record<string, string> = {
  unknown_username: 'unknown username',
  account_locked: 'account locked',
  wrong_secret: 'wrong PIN',
  inactive: 'account disabled',
};

/** Personal-data fields as a person says them. */
const FIELD_WORDS: Record<string, string> = {
  full_name: 'name',
  email: 'email',
  phone: 'phone',
  address: 'address',
  card: 'card',
  card_last4: 'card’s last 4 digits',
  rental_history: 'rental history',
  preferences: 'preferences',
  policy_version: 'privacy policy version',
  review_text: 'review text',
  review_state: 'review state',
  order_problems: 'order problems',
};

export function accessReasonWords(reason: string | null): string | null {
  if (!reason) return null;
  return ACCESS_REASONS[reason] ?? reason.replace(/_/g, ' ');
}

export function fieldWords(fields: readonly string[] | null): string | null {
  if (!fields?.length) return null;
  return fields.map((f) => FIELD_WORDS[f] ?? f.replace(/_/g, ' ')).join(', ');
}

/** "Angela Wright (no. 1042)", or the number alone when the name is not known. */
export function customerWords(e: Pick<AuditEntry, 'customerId' | 'customerName'>): string | null {
  if (e.customerId == null) return null;
  return e.customerName ? `${e.customerName} (no. ${e.customerId})` : `customer no. ${e.customerId}`;
}

/** "Carl Service (carl)". */
export function staffWords(e: Pick<AuditEntry, 'staff'>): string | null {
  return e.staff ? `${e.staff.displayName} (${e.staff.username})` : null;
}

function possessive(name: string): string {
  return name.endsWith('s') ? `${name}’` : `${name}’s`;
}

function text(v: unknown): string | null {
  return typeof v === 'string' || typeof v === 'number' ? String(v) : null;
}

type Parts = { who: string; whose: string; customer: string; d: Record<string, unknown>; e: AuditEntry };

/** One sentence per action code; `who` is the staff member (or "Someone"), `whose` the customer's possessive. */
const SENTENCES: Record<string, (p: Parts) => string> = {
  'customer.viewed': ({ who, whose }) => `${who} opened ${whose} account`,
  'customer.fetched': ({ who, whose }) => `${who} read ${whose} account from the central office`,
  'customer.subscribed': ({ who, whose }) => `${who} brought ${whose} account to their desk`,
  'customer.listed': ({ who, customer, d }) => `${customer} appeared in ${who === 'Someone' ? 'a' : possessive(who)} search results${text(d.matchedBy) ? ` (matched by ${text(d.matchedBy)})` : ''}`,
  'customer.contact_updated': ({ who, whose, e }) => `${who} changed ${whose} contact details${fieldWords(e.fields) ? ` (${fieldWords(e.fields)})` : ''}`,
  'customer.address_updated': ({ who, whose }) => `${who} changed ${whose} address`,
  'customer.card_changed': ({ who, whose, d }) => `${who} replaced the card on ${whose} account${text(d.last4) ? ` (now ${text(d.brand) ?? 'card'} ending ${text(d.last4)})` : ''}`,
  'customer.password_reset_requested': ({ who, customer }) => `${who} sent ${customer} a password reset`,
  'customer.problem_emailed': ({ customer, d }) => `The central office emailed ${customer} about order${text(d.orderNumber) ? ` ${text(d.orderNumber)}` : ''} and its problem`,
  'customer.problem_email_failed': ({ customer, d }) =>
    `The central office could not email ${customer} about order${text(d.orderNumber) ? ` ${text(d.orderNumber)}` : ''} and gave up${text(d.why) ? `: ${text(d.why)}` : ''}`,
  'customer.caller_verified': ({ who, whose, d }) => `${who} checked the caller on ${whose} account: passed${text(d.method) ? ` (${CALLER_METHODS[String(d.method)] ?? text(d.method)})` : ''}`,
  'customer.caller_check_failed': ({ who, whose, d }) => `${who} checked the caller on ${whose} account: did not match${text(d.method) ? ` (${CALLER_METHODS[String(d.method)] ?? text(d.method)})` : ''}`,
  'customer.caller_check_paused': ({ whose }) => `Caller checks on ${whose} account paused after too many that did not match`,
  'customer.caller_check_refused': ({ who, whose }) => `${who} tried a caller check on ${whose} account while checks were paused`,
  'shipment.requeued': ({ who, whose, d }) => `${who} put ${whose} order${text(d.shipmentId) ? ` ${text(d.shipmentId)}` : ''} back in the packing queue`,
  'shipment.voided': ({ who, whose, d }) => `${who} voided the label of ${whose} order${text(d.shipmentId) ? ` ${text(d.shipmentId)}` : ''}`,
  'auth.sign_in': ({ who }) => `${who} signed in`,
  'auth.sign_in_offline': ({ who }) => `${who} signed in at the station while the central office was unreachable`,
  'auth.sign_in_failed': ({ who, d }) =>
    `${who === 'Someone' && text(d.username) ? `Someone using the username “${text(d.username)}”` : who} could not sign in${text(d.reason) ? ` (${SIGN_IN_FAILURES[String(d.reason)] ?? String(d.reason).replace(/_/g, ' ')})` : ''}`,
  'auth.pin_failed': ({ who }) => `${who} entered a wrong PIN at the station`,
  'auth.locked_out': ({ who }) => `${who} was locked out after too many wrong PINs`,
  'auth.sign_out': ({ who }) => `${who} signed out`,
  'staff.created': ({ d }) => `The staff account ${text(d.username) ?? ''} was created${text(d.role) ? ` (${String(d.role).replace(/_/g, ' ')})` : ''}`.replace('  ', ' '),
  'staff.unlocked': ({ who, d }) => `${who} cleared the lock-out on ${text(d.username) ?? 'a staff account'}`,
  'staff.active_changed': ({ who, d }) => `${who} ${d.active === false ? 'disabled' : 'enabled'} the staff account ${text(d.username) ?? ''}`.trimEnd(),
  'station.registered': ({ d }) => `The station ${text(d.name) ? `“${text(d.name)}” ` : ''}joined the central office${text(d.distributionCenter) ? ` (${text(d.distributionCenter)})` : ''}`,
  'dc.postal_set': ({ who, d }) => `${who} changed the postal set-up${text(d.distributionCenter) ? ` of ${text(d.distributionCenter)}` : ''}`,
  // The reason holds the refused change's name and id: its kind in words, the rest is in the export.
  'sync.rejection_dismissed': ({ who, e }) => `${who} cleared a change the central office had refused (${changeWords(e.reason?.split(' ')[0] ?? '', 1).replace(/^1 /, '')})`,
  'shipment.problem_reported': ({ who, whose, d }) => `${who} reported a problem with ${whose} order${text(d.orderNumber) ? ` ${text(d.orderNumber)}` : ''} (${PROBLEM_KIND_PHRASE[text(d.kind) ?? ''] ?? 'order problem'})`,
  'shipment.problem_approved': ({ who, whose, d }) => `${who} approved a replacement for ${whose} order${text(d.orderNumber) ? ` ${text(d.orderNumber)}` : ''}`,
  'shipment.problem_refused': ({ who, whose, d }) => `${who} refused a replacement for ${whose} order${text(d.orderNumber) ? ` ${text(d.orderNumber)}` : ''}`,
  'customer.note_added': ({ who, whose }) => `${who} added a call note to ${whose} account`,
  // A change a station could not send: retried or dismissed by a supervisor; the reason names the change.
  'sync.stuck_retried': ({ who }) => `${who} sent again a change the station could not send`,
  'sync.stuck_dismissed': ({ who }) => `${who} dismissed a change the station could not send, and undid it there`,
  'affiliate.decided': ({ who, d }) => `${who} ${d.decision === 'approve' ? 'approved' : d.decision === 'reject' ? 'rejected' : d.decision === 'suspend' ? 'suspended' : 'decided on'} the affiliate ${text(d.site) ?? ''}`.trimEnd(),
  'campaign.exported': ({ who, d }) => `${who} exported the partner campaign ${text(d.name) ? `“${text(d.name)}”` : ''}${typeof d.recipients === 'number' ? ` (${d.recipients} recipients)` : ''}`,
  'report.exported': ({ who }) => `${who} exported an aggregate report`,
  'review.moderated': ({ who, d }) => `${who} ${d.action === 'approve' ? 'approved' : d.action === 'reject' ? 'rejected' : d.action === 'redact' ? 'redacted' : 'moderated'} review${text(d.reviewId) ? ` no. ${text(d.reviewId)}` : ''}`,
  'statements.exported': ({ who, d }) => `${who} exported anonymous statements${typeof d.statements === 'number' ? ` (${d.statements})` : ''}`,
  'disclosure.legal_request': ({ who, d, customer }) => `${who} recorded a legal request${text(d.requestingParty) ? ` from ${text(d.requestingParty)}` : ''}${customer ? ` about ${customer}` : ''}`,
  'disclosures.exported': ({ who }) => `${who} exported the disclosure register`,
  'policy.version_published': ({ who, d }) => `${who} published privacy policy version ${text(d.version) ?? ''}`.trimEnd(),
  'policy.use_declared': ({ who, d }) => `${who} declared a data use${text(d.use) ? `: ${text(d.use)}` : ''}`,
  'policy.consent_recorded': ({ who, whose, d }) => `${who} recorded ${whose} consent to privacy policy version ${text(d.to) ?? ''}`.trimEnd(),
  'floor.exported': ({ who, d }) => `${who} exported the packing floor’s figures${text(d.dc) ? ` of ${text(d.dc)}` : ''}${typeof d.rows === 'number' ? ` (${d.rows} rows)` : ''}`,
  'audit.exported': ({ who, d }) => `${who} exported the audit log${typeof d.rows === 'number' ? ` (${d.rows} rows)` : ''}`,
};

/** The action codes that have a sentence of their own. */
export const DESCRIBED_AUDIT_ACTIONS = Object.keys(SENTENCES);

/** Reasons recorded as codes (the lookup's access reasons) read as words; free-text reasons stay as written. */
function reasonSuffix(e: AuditEntry): string {
  if (e.action === 'sync.rejection_dismissed') return '';
  const words = accessReasonWords(e.reason);
  return words ? ` — ${words}` : '';
}

export function describeAuditEntry(e: AuditEntry): string {
  const who = e.staff?.displayName ?? 'Someone';
  const customer = customerWords(e) ?? 'a customer';
  const whose = e.customerName ?? (e.customerId != null ? `customer no. ${e.customerId}` : 'a customer');
  const sentence = SENTENCES[e.action];
  const body = sentence
    ? sentence({ who, whose: possessive(whose), customer, d: e.detail ?? {}, e })
    : `${who}: ${e.action.replace(/[._]/g, ' ')}${e.customerId != null ? ` (${customer})` : ''}`;
  // The customer's number is in the customer column; the sentence keeps to the name.
  return `${body}${reasonSuffix(e)}`;
}

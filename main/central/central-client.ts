import { z } from 'zod';
import { AppError } from '../../core/errors';
import { readCentralAnswer } from './central-answer';
import { networkError } from './secure-fetch';
import { StaffAccountSchema, StaffSchema, StaffStatusAnswerSchema, type SignInInput } from '../../core/auth/schemas';
import { CustomerHitSchema, type AccessReason } from '../../core/lookup/schemas';

/**
 * The station's HTTP client for the central API. Every answer is parsed with
 * zod (the server is trusted, but a version skew must fail loudly, not
 * corrupt the cache); a network failure becomes `OFFLINE`.
 */
export interface CentralClientOptions {
  baseUrl: () => string;
  credential: () => string | null;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

const SignInAnswer = z.object({ token: z.string(), expiresAt: z.string(), staff: StaffSchema });
const RegisterAnswer = z.object({ stationId: z.string(), credential: z.string() });
const HealthAnswer = z.object({ status: z.literal('ok') }).passthrough();

const CardChangeAnswer = z.object({
  brand: z.string(),
  last4: z.string().regex(/^\d{4}$/),
  expMonth: z.number().int(),
  expYear: z.number().int(),
  paymentMethodId: z.number().int(),
  createdAt: z.string(),
});
const PasswordResetAnswer = z.object({ sentTo: z.string(), requestedAt: z.string() });

export type CentralSignIn = z.infer<typeof SignInAnswer>;

export class CentralClient {
  constructor(private readonly opts: CentralClientOptions) {}

  private async request<T>(
    path: string,
    schema: z.ZodType<T>,
    init: { method?: string; body?: unknown; staffToken?: string; headers?: Record<string, string>; anonymous?: boolean; timeoutMs?: number } = {},
  ): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json', ...init.headers };
    if (init.body !== undefined) headers['content-type'] = 'application/json';
    if (!init.anonymous) {
      const credential = this.opts.credential();
      if (!credential) throw new AppError('STATION_NOT_REGISTERED');
      headers.authorization = `Station ${credential}`;
    }
    if (init.staffToken) headers['x-staff-session'] = init.staffToken;
    let res: Response;
    try {
      res = await (this.opts.fetch ?? fetch)(new URL(path, this.opts.baseUrl()), {
        method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
        headers,
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
        signal: AbortSignal.timeout(init.timeoutMs ?? this.opts.timeoutMs ?? 5000),
      });
    } catch (err) {
      throw networkError(err);
    }
    const payload: unknown = await res.json().catch(() => null);
    return readCentralAnswer(res, payload, schema);
  }

  health() {
    return this.request('/health', HealthAnswer, { anonymous: true });
  }

  register(enrollmentKey: string, body: { name: string; distributionCenter: string }) {
    return this.request('/v1/stations/register', RegisterAnswer, { body, anonymous: true, headers: { 'x-enrollment-key': enrollmentKey } });
  }

  signIn(input: SignInInput) {
    return this.request('/v1/auth/sign-in', SignInAnswer, { body: input });
  }

  signOut(staffToken: string) {
    return this.request('/v1/auth/sign-out', z.unknown(), { method: 'POST', body: {}, staffToken });
  }

  /** Whether the staff this station knows are still active and not locked out (station credential only). */
  staffStatus(staffIds: string[]) {
    return this.request('/v1/staff/status', StaffStatusAnswerSchema, { body: { staffIds } });
  }

  listStaff(staffToken: string) {
    return this.request('/v1/staff', z.array(StaffAccountSchema), { staffToken });
  }

  unlockStaff(staffToken: string, username: string) {
    return this.request(`/v1/staff/${encodeURIComponent(username)}/unlock`, StaffAccountSchema, { method: 'POST', body: {}, staffToken });
  }

  /** The search text travels in the body, never the URL: URLs end up in logs (policy: no personal data in logs). */
  searchCustomers(staffToken: string, q: string, reason: AccessReason) {
    return this.request('/v1/lookup/customers', z.object({ customers: z.array(CustomerHitSchema) }), { body: { q, reason }, staffToken });
  }

  customerBundle(staffToken: string, customerId: number, reason: AccessReason) {
    return this.request(`/v1/customers/${customerId}/bundle?reason=${reason}`, z.object({ rows: z.record(z.string(), z.array(z.record(z.string(), z.unknown()))) }), { staffToken });
  }

  /**
   * Sends a new card straight to the central office's payment-processor
   * boundary (issue #5). The body is the only place the full number travels;
   * it is named `cardNumber` so the logger's redaction covers it, and this
   * client never logs bodies. The answer carries brand, last 4, expiry and the
   * id of the new payment_methods row, never the number or the token.
   */
  changeCard(staffToken: string, customerId: number, card: { cardNumber: string; expMonth: number; expYear: number }) {
    return this.request(`/v1/customers/${customerId}/card`, CardChangeAnswer, { body: card, staffToken, timeoutMs: 20_000 });
  }

  /** Records a password-reset email request at the central office; a rep never sees or sets a password. */
  requestPasswordReset(staffToken: string, customerId: number) {
    return this.request(`/v1/customers/${customerId}/password-reset`, PasswordResetAnswer, { body: {}, staffToken });
  }

  /**
   * The privacy back office (main/services/backoffice): supervisor-only routes
   * under /v1/privacy and /v1/audit, typed there. Exports of a large customer
   * base take longer than a lookup, hence the longer timeout.
   */
  backoffice<T>(staffToken: string, path: string, schema: z.ZodType<T>, body?: unknown) {
    if (!/^\/v1\/(privacy\/|audit(\/|\?|$))/.test(path)) throw new Error(`not a back-office path: ${path}`);
    return this.request(path, schema, { staffToken, timeoutMs: 60_000, ...(body === undefined ? {} : { body }) });
  }

  claimShipments(staffToken: string, count: number) {
    return this.request('/v1/packing/claim', z.object({ claimed: z.array(z.object({ shipmentId: z.number().int(), orderNumber: z.string(), ageCertified: z.boolean() })) }), { body: { count }, staffToken });
  }

  serialRange(staffToken: string, count: number) {
    return this.request('/v1/packing/serials', z.object({ mailerId: z.string(), first: z.number().int(), last: z.number().int() }), { body: { count }, staffToken });
  }

  setStaffActive(staffToken: string, username: string, active: boolean) {
    return this.request(`/v1/staff/${encodeURIComponent(username)}/active`, StaffAccountSchema, { body: { active }, staffToken });
  }
}

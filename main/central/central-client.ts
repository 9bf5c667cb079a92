import { z } from 'zod';
import { AppError, isAppErrorShape } from '../../core/errors';
import { StaffAccountSchema, StaffSchema, type SignInInput } from '../../core/auth/schemas';
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

export type CentralSignIn = z.infer<typeof SignInAnswer>;

export class CentralClient {
  constructor(private readonly opts: CentralClientOptions) {}

  private async request<T>(
    path: string,
    schema: z.ZodType<T>,
    init: { method?: string; body?: unknown; staffToken?: string; headers?: Record<string, string>; anonymous?: boolean } = {},
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
        signal: AbortSignal.timeout(this.opts.timeoutMs ?? 5000),
      });
    } catch {
      throw new AppError('OFFLINE');
    }
    const payload: unknown = await res.json().catch(() => null);
    if (!res.ok) {
      const err = (payload as { error?: unknown } | null)?.error;
      if (isAppErrorShape(err)) throw new AppError(err.code, err.message, err.fields);
      // A proxy's 502 or an HTML error page means the central API is not really there.
      if (res.status >= 500) throw new AppError('OFFLINE');
      throw new AppError('INTERNAL', `The central API answered ${res.status}.`);
    }
    const parsed = schema.safeParse(payload);
    if (!parsed.success) throw new AppError('INTERNAL', 'The central API sent an answer this station does not understand (version mismatch?).');
    return parsed.data;
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

  listStaff(staffToken: string) {
    return this.request('/v1/staff', z.array(StaffAccountSchema), { staffToken });
  }

  unlockStaff(staffToken: string, username: string) {
    return this.request(`/v1/staff/${encodeURIComponent(username)}/unlock`, StaffAccountSchema, { method: 'POST', body: {}, staffToken });
  }

  searchCustomers(staffToken: string, q: string) {
    return this.request(`/v1/lookup/customers?q=${encodeURIComponent(q)}`, z.object({ customers: z.array(CustomerHitSchema) }), { staffToken });
  }

  customerBundle(staffToken: string, customerId: number, reason: AccessReason) {
    return this.request(`/v1/customers/${customerId}/bundle?reason=${reason}`, z.object({ rows: z.record(z.string(), z.array(z.record(z.string(), z.unknown()))) }), { staffToken });
  }

  setStaffActive(staffToken: string, username: string, active: boolean) {
    return this.request(`/v1/staff/${encodeURIComponent(username)}/active`, StaffAccountSchema, { body: { active }, staffToken });
  }
}

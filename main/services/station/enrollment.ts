/**
 * Joining a central office: the first-run setup screen, an admin's
 * re-enrollment from Station settings, and the enrollment key given at start
 * (`--enrollment-key`, BACKLOT_ENROLLMENT_KEY).
 *
 * The address, the CA and the key are tried together before anything is
 * kept: the station asks the central office's /health over HTTPS trusting
 * only the given CA, then registers with the key. Each way this can fail is
 * told against the field that caused it, in words (a certificate from
 * another authority is the CA's fault; nothing answering is the address's;
 * a refused key is the key's).
 */
import { X509Certificate } from 'node:crypto';
import type { Knex } from 'knex';
import { AppError, type FieldIssue } from '../../../core/errors';
import type { CaCertificateInfo, StationEnrollment as EnrollmentInput } from '../../../core/station/schemas';
import type { Logger } from '../../../platform/logger';
import { centralRoutes } from '../../../core/routes';
import { CentralClient } from '../../central/central-client';
import { centralFetch } from '../../central/secure-fetch';
import { resetForResync } from '../../sync/apply';
import { SYNC_KEYS, writeState } from '../../sync/sync-state';
import type { SettingsStore } from '../../settings/settings-store';

/** A certificate's fingerprint as the central office prints it: SHA-256, colon-separated hex pairs. */
export function inspectCa(pem: string): CaCertificateInfo {
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(pem);
  } catch {
    throw new AppError('INVALID_INPUT', 'That is not a certificate Backlot can read.', [
      { field: 'ca', message: 'This is not a readable certificate. Paste the whole ca.crt the central office named at start, or choose the file.' },
    ]);
  }
  return {
    fingerprint256: cert.fingerprint256,
    subject: cert.subject.split('\n').join(', '),
    validFrom: new Date(cert.validFrom).toISOString(),
    validTo: new Date(cert.validTo).toISOString(),
    isCa: cert.ca,
  };
}

function fieldError(field: keyof EnrollmentInput, message: string): AppError {
  return new AppError('INVALID_INPUT', message, [{ field, message }]);
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/** Why /health could not be reached with this address and CA, against the field to fix. */
function reachError(err: unknown, url: URL): AppError {
  if (err instanceof AppError) {
    // centralFetch's own refusals: plain HTTP off this machine, or HTTPS without a CA.
    return err.code === 'FORBIDDEN'
      ? fieldError('apiUrl', 'Use an https:// address: plain http is allowed only for a central office on this computer.')
      : fieldError('ca', 'An https:// central office needs its CA certificate: paste the ca.crt it named at start.');
  }
  const cause = (err as { cause?: { code?: string; message?: string } })?.cause;
  const said = `${cause?.code ?? ''} ${cause?.message ?? ''} ${(err as Error)?.message ?? ''}`;
  if (/ALTNAME|Hostname\/IP does not match/i.test(said)) {
    return fieldError('apiUrl', `The central office’s certificate is not made out for ${url.hostname}. Use the address the central office printed at start.`);
  }
  if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|DEPTH_ZERO|certificate/i.test(said)) {
    return fieldError('ca', 'The central office’s certificate is not signed by this CA certificate. Compare the fingerprint below with the one the central office printed at start.');
  }
  if (/EPROTO|wrong version number|packet length too long/i.test(said)) {
    return fieldError('apiUrl', 'Something answered at this address, but not over HTTPS. Check the address and port.');
  }
  if (/timeout|aborted/i.test(said)) {
    return fieldError('apiUrl', `Nothing answered at ${url.host} within 5 seconds. Check the address and port, and that this computer can reach the central office.`);
  }
  return fieldError('apiUrl', `Nothing answered at ${url.host}. Check the address and port, and that the central office is running.`);
}

export interface EnrollmentDeps {
  knex: Knex;
  settings: SettingsStore;
  logger: Logger;
  /** For tests: the fetch to use instead of the CA-pinned one. */
  fetch?: typeof fetch;
}

export class StationEnrollment {
  private inFlight: Promise<unknown> | null = null;

  constructor(private readonly deps: EnrollmentDeps) {}

  isRegistering(): boolean {
    return this.inFlight !== null;
  }

  /** One registration at a time: a double-click must not register the station twice. */
  private once<T>(work: () => Promise<T>): Promise<T> {
    if (this.inFlight) return Promise.reject(new AppError('CONFLICT', 'This station is already registering with the central office; wait for the answer.'));
    const run = work();
    this.inFlight = run;
    return run.finally(() => {
      this.inFlight = null;
    });
  }

  /** First-run setup: refused once the station has an identity (re-enrollment is an admin's, from Station settings). */
  register(input: EnrollmentInput): Promise<void> {
    if (this.deps.settings.identity()) {
      return Promise.reject(new AppError('FORBIDDEN', 'This station is already registered. An admin can re-enroll it from Station settings.'));
    }
    return this.once(() => this.join(input));
  }

  /**
   * An admin joins the station to a central office again. The cache held the
   * previous registration's scope, and the central office's exactly-once
   * ledger belongs to the previous station id, so the cache starts over: a
   * full sync, a new sync client id, no claims or serial ranges of the old
   * station. Changes not yet sent would be lost, so it waits for them.
   */
  reenroll(input: EnrollmentInput): Promise<void> {
    return this.once(async () => {
      const pending = await this.deps.knex('outbox').where({ status: 'pending' }).count({ n: '*' }).first();
      const n = Number(pending?.n ?? 0);
      if (n > 0) {
        throw new AppError('CONFLICT', `${n} change${n === 1 ? '' : 's'} made at this station ha${n === 1 ? 's' : 've'} not reached the central office yet. Sync now (or wait until the station is online) before re-enrolling, or ${n === 1 ? 'it' : 'they'} would be lost.`);
      }
      await this.join(input, async () => {
        await resetForResync(this.deps.knex);
        await this.deps.knex.transaction(async (trx) => {
          await writeState(trx, SYNC_KEYS.clientId, null);
          await writeState(trx, SYNC_KEYS.lastSyncAt, null);
          await trx('pack_claims').del();
          await trx('serial_ranges').del();
        });
      });
    });
  }

  /** At start with an enrollment key (`npm start`, the web host, an installer's environment): the settings' own address and CA. */
  async registerAtStart(enrollmentKey: string): Promise<void> {
    if (this.deps.settings.identity()) return;
    const s = this.deps.settings.get();
    try {
      await this.once(() => this.join({ apiUrl: s.apiUrl, ca: s.apiCa, enrollmentKey, distributionCenter: s.distributionCenter, stationName: s.stationName }));
    } catch (err) {
      // A station that cannot register still starts: the setup screen shows, and known staff work offline.
      const fields: FieldIssue[] = err instanceof AppError ? (err.fields ?? []) : [];
      this.deps.logger.warn({ code: err instanceof AppError ? err.code : 'INTERNAL', fields: fields.map((f) => f.field) }, 'station registration at start failed');
    }
  }

  private async join(input: EnrollmentInput, beforeKeeping?: () => Promise<void>): Promise<void> {
    let url: URL;
    try {
      url = new URL(input.apiUrl);
    } catch {
      throw fieldError('apiUrl', 'Enter the full address, starting with https://, e.g. https://backlot.example:7450.');
    }
    if (url.protocol === 'http:' && !LOOPBACK.has(url.hostname)) throw reachError(new AppError('FORBIDDEN'), url);
    if (url.protocol === 'https:' && !input.ca) throw fieldError('ca', 'An https:// central office needs its CA certificate: paste the ca.crt it named at start, or choose the file.');
    if (input.ca) {
      const info = inspectCa(input.ca);
      if (!info.isCa) throw fieldError('ca', 'This certificate is not a certificate authority. Paste the CA certificate (ca.crt), not the server’s own certificate.');
    }
    const base = input.apiUrl.replace(/\/+$/, '');
    const fetcher = this.deps.fetch ?? centralFetch(() => input.ca);
    try {
      // Asked raw, not through the client: how a request fails (certificate, address, nothing) says which field to fix.
      const res = await fetcher(new URL(centralRoutes['station.health'].path, base), { signal: AbortSignal.timeout(5000) });
      const body = (await res.json().catch(() => null)) as { status?: unknown } | null;
      if (!res.ok || body?.status !== 'ok') throw fieldError('apiUrl', `${url.host} answered, but it is not a Backlot central office. Check the address and port.`);
    } catch (err) {
      if (err instanceof AppError && err.fields) throw err;
      throw reachError(err, url);
    }
    const central = new CentralClient({ baseUrl: () => base, credential: () => null, fetch: fetcher });
    let identity: { stationId: string; credential: string };
    try {
      identity = await central.call('station.register', { name: input.stationName, distributionCenter: input.distributionCenter }, { enrollmentKey: input.enrollmentKey });
    } catch (err) {
      if (err instanceof AppError && err.code === 'BAD_STATION_CREDENTIAL') {
        throw fieldError('enrollmentKey', 'The central office did not accept this enrollment key. Copy it again from the enrollment.key file the central office named at start.');
      }
      if (err instanceof AppError && err.fields?.some((f) => f.field === 'distributionCenter')) {
        throw fieldError('distributionCenter', `The central office has no distribution center ${input.distributionCenter}. Check the three-letter code (e.g. SJC).`);
      }
      throw err;
    }
    await beforeKeeping?.();
    this.deps.settings.update({ apiUrl: base, apiCa: input.ca, distributionCenter: input.distributionCenter, stationName: input.stationName });
    this.deps.settings.setIdentity(identity);
    this.deps.logger.info({ stationId: identity.stationId, distributionCenter: input.distributionCenter }, 'station registered with the central office');
  }
}

/**
 * How a station reaches the central office. Over HTTPS it trusts only the CA
 * it was given (never the system store: a certificate some other authority
 * signed is refused); plain HTTP is accepted only when both ends are on this
 * machine (development, tests), since it would carry personal information in
 * clear (policy: "we use a secure server (SSL)").
 */
import { Agent, fetch as undiciFetch } from 'undici';
import { AppError } from '../../core/errors';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

export function centralFetch(caPem: () => string | null, base: typeof fetch = fetch): typeof fetch {
  let agentFor: { ca: string; agent: Agent } | null = null;
  return (async (input: string | URL | Request, init: RequestInit = {}) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (url.protocol === 'http:') {
      if (!LOOPBACK.has(url.hostname)) throw new AppError('FORBIDDEN', 'The central API must be reached over HTTPS: plain HTTP is allowed only on this machine.');
      return base(input, init);
    }
    const ca = caPem();
    if (!ca) throw new AppError('STATION_NOT_REGISTERED', 'This station has no certificate authority for the central API; an admin sets it in Station settings.');
    if (agentFor?.ca !== ca) agentFor = { ca, agent: new Agent({ connect: { ca, rejectUnauthorized: true } }) };
    // undici's own fetch with its own Agent: the CA applies to exactly these connections.
    return undiciFetch(url, { ...(init as object), dispatcher: agentFor.agent } as never) as unknown as Response;
  }) as typeof fetch;
}

const CERT_ERRORS = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ALTNAME|DEPTH_ZERO/;

/** A failed request as the error a person reads: a certificate the station does not trust is said plainly. */
export function networkError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  const cause = (err as { cause?: { code?: string; message?: string } })?.cause;
  if (cause && CERT_ERRORS.test(`${cause.code ?? ''} ${cause.message ?? ''}`)) {
    return new AppError('OFFLINE', 'The central API’s certificate is not signed by the certificate authority this station trusts; refusing to connect.');
  }
  return new AppError('OFFLINE');
}

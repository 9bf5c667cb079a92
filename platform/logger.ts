/**
 * pino loggers for every Node process. Secrets and card numbers are redacted
 * at the logger, so a careless `log.info({ input })` cannot leak them
 * (policy: a full card number is never stored, logs included).
 */
import { dirname } from 'node:path';
import pino, { type Logger } from 'pino';
import { ensurePrivateDir, PRIVATE_FILE_MODE } from './private-files';

export const REDACTED_PATHS = [
  'secret', '*.secret', '*.*.secret',
  'pin', '*.pin',
  'password', '*.password',
  'cardNumber', '*.cardNumber', '*.*.cardNumber',
  'credential', '*.credential',
  'token', '*.token',
  'req.headers.authorization',
  'req.headers["x-staff-session"]',
  'req.headers["x-backlot-token"]',
  'req.headers["x-enrollment-key"]',
];

/**
 * How an HTTP request appears in the log (Fastify's request lines, central
 * API and web host alike): method and path, never the query string, and
 * never a body. A query string is where a search text (an email, a phone, a
 * name) would ride; routes take such text in bodies, and this is the second
 * line behind that rule (policy: no personal data in logs).
 */
export function requestForLog(req: { method?: string; url?: string; routeOptions?: { url?: string } }): Record<string, unknown> {
  return { method: req.method, url: req.url?.split('?')[0], route: req.routeOptions?.url };
}

export function createLogger(name: string, opts: { level?: string; destination?: string; /** Write each line before returning (a process that may exit at once, e.g. with a startup error). */ sync?: boolean } = {}): Logger {
  const level = opts.level ?? process.env.BACKLOT_LOG_LEVEL ?? (process.env.VITEST ? 'silent' : 'info');
  const options = { name, level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' }, serializers: { req: requestForLog } };
  // Owner-only (0600): a log names staff and customers' ids, and it is nobody else's business on a shared machine.
  if (!opts.destination) return pino(options);
  ensurePrivateDir(dirname(opts.destination));
  return pino(options, pino.destination({ dest: opts.destination, sync: opts.sync ?? false, mode: PRIVATE_FILE_MODE }));
}

export type { Logger };

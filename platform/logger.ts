/**
 * pino loggers for every Node process. Secrets and card numbers are redacted
 * at the logger, so a careless `log.info({ input })` cannot leak them
 * (policy: a full card number is never stored, logs included).
 */
import pino, { type Logger } from 'pino';

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

export function createLogger(name: string, opts: { level?: string; destination?: string } = {}): Logger {
  const level = opts.level ?? process.env.BACKLOT_LOG_LEVEL ?? (process.env.VITEST ? 'silent' : 'info');
  const options = { name, level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } };
  return opts.destination ? pino(options, pino.destination({ dest: opts.destination, mkdir: true, sync: false })) : pino(options);
}

export type { Logger };

/**
 * `npm run api -- --data-dir DIR [--port N] [--host H] [--allow-remote] [--local-tls [--local-tls-names N,...] | --tls-cert F --tls-key F [--tls-ca F]]`
 * Environment: DATABASE_URL (postgres://...; SQLite in the data dir otherwise), BACKLOT_LISTEN_URL (direct, for LISTEN),
 * BACKLOT_ENROLLMENT_KEY (else <data-dir>/enrollment.key), BACKLOT_API_HOST, BACKLOT_API_PORT,
 * BACKLOT_SMTP_URL and BACKLOT_MAIL_FROM (customers' order-problem emails; or --smtp-url, --mail-from).
 */
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { parseCli } from '../platform/cli-args';
import { resolveDataDir } from '../platform/data-dir';
import { ensureLocalTls } from '../platform/local-ca';
import { enrollmentKeySource, hostAndPortFrom } from './config';
import { mailConfigFrom } from './mail/mail-config';
import { enrollmentNotice } from './enrollment-notice';
import { startApi } from './start';

const USAGE = `Usage: npm run api -- --data-dir DIR [--port N] [--host H] [--allow-remote] [--local-tls [--local-tls-names NAMES] | --tls-cert FILE --tls-key FILE [--tls-ca FILE]] [--smtp-url URL --mail-from ADDRESS]

  --data-dir DIR    where central.sqlite and enrollment.key live
  --port N          port to listen on (default 7450)
  --host H          address to listen on (default 127.0.0.1)
  --allow-remote    allow a non-loopback --host (HTTPS required)
  --tls-cert FILE   server certificate (PEM); with --tls-key, the API speaks HTTPS only
  --tls-key FILE    its private key (PEM)
  --local-tls       make (once) a local CA and a certificate for this machine under <data-dir>/tls; stations trust <data-dir>/tls/ca.crt
  --local-tls-names NAMES   the names stations reach this machine by (comma-separated, e.g. backlot.site.lan,10.0.0.5), added to that certificate
  --tls-ca FILE     the CA that signed --tls-cert (PEM): named and fingerprinted at start, for stations to trust
  --smtp-url URL    the mail relay for customers' order-problem emails: smtp://user:pass@host:587 (STARTTLS required off this machine) or smtps://...:465
                    (better set in BACKLOT_SMTP_URL, since a password on the command line is visible to other users in the process list)
  --mail-from ADDRESS   the sender of those emails, e.g. "Backlot <orders@backlot.example>"

  DATABASE_URL=postgres://...     use PostgreSQL instead of SQLite
  BACKLOT_LISTEN_URL=postgres://...  a direct connection for live changes (LISTEN) when DATABASE_URL is a transaction pooler
  BACKLOT_DB_POOL_MAX=N           PostgreSQL connections in this instance's pool (default 10)
  BACKLOT_DB_PREPARED_STATEMENTS=on|off   prepare each statement once per connection (default on; off when BACKLOT_LISTEN_URL names another server than DATABASE_URL, as with a pooler)
  BACKLOT_CLAIM_IDLE_MINUTES=N    a station's claimed orders go back to the pool after N minutes without a claim or label there (default 120)
  BACKLOT_ENROLLMENT_KEY=...      key stations present to register
  BACKLOT_SMTP_URL=smtp://...     mail relay for order-problem emails (without it they stay queued; /health says "mail": "not configured")
  BACKLOT_MAIL_FROM=...           their sender address`;

async function main(): Promise<void> {
  const { values } = parseCli(process.argv.slice(2), {
    port: { type: 'string' },
    host: { type: 'string' },
    'allow-remote': { type: 'boolean' },
    'tls-cert': { type: 'string' },
    'tls-key': { type: 'string' },
    'local-tls': { type: 'boolean' },
    'local-tls-names': { type: 'string' },
    'tls-ca': { type: 'string' },
    'smtp-url': { type: 'string' },
    'mail-from': { type: 'string' },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const { host, port } = hostAndPortFrom({ host: values.host, port: values.port });
  const dataDir = resolveDataDir(values['data-dir']);
  const names = (values['local-tls-names'] ?? '').split(',').map((n) => n.trim()).filter(Boolean);
  const tls = values['local-tls']
    ? ensureLocalTls(dataDir, names)
    : values['tls-cert'] && values['tls-key']
      ? { cert: readFileSync(values['tls-cert'], 'utf8'), key: readFileSync(values['tls-key'], 'utf8') }
      : undefined;
  const mail = mailConfigFrom({ smtpUrl: values['smtp-url'], from: values['mail-from'] });
  const api = await startApi({ dataDir, host, port, allowRemote: values['allow-remote'] ?? false, mail, ...(tls ? { tls } : {}) });
  console.log(`Backlot central API listening on ${api.url} (${api.db.kind})`);
  // Never the relay's URL: it carries the password.
  console.log(mail ? `Customers' order-problem emails: sent from ${mail.from} through the configured mail relay.` : `Customers' order-problem emails: not sent (no BACKLOT_SMTP_URL); they stay queued until a mail relay is configured.`);
  // Listening on every interface: stations use the machine's name (or the first name the certificate was made for).
  const everywhere = host === '0.0.0.0' || host === '::';
  const stationUrl = everywhere ? api.url.replace(/\/\/(\[[^\]]*\]|[^:/]+)/, `//${names[0] ?? hostname()}`) : api.url;
  const caFile = values['local-tls'] ? join(dataDir, 'tls', 'ca.crt') : values['tls-ca'] ? resolve(values['tls-ca']) : null;
  console.log(
    enrollmentNotice({
      stationUrl,
      enrollmentKey: enrollmentKeySource(dataDir),
      ca: !tls ? null : caFile ? { file: caFile, pem: readFileSync(caFile, 'utf8') } : { unknownFor: resolve(values['tls-cert']!) },
    }),
  );

  let closing = false;
  const shutdown = (): void => {
    if (closing) return;
    closing = true;
    api.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});

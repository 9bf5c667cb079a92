/**
 * `npm run api -- --data-dir DIR [--port N] [--host H] [--allow-remote]`
 * Environment: DATABASE_URL (postgres://...; SQLite in the data dir otherwise),
 * BACKLOT_ENROLLMENT_KEY (else <data-dir>/enrollment.key), BACKLOT_API_HOST, BACKLOT_API_PORT.
 */
import { parseCli } from '../platform/cli-args';
import { hostAndPortFrom } from './config';
import { startApi } from './start';

const USAGE = `Usage: npm run api -- --data-dir DIR [--port N] [--host H] [--allow-remote]

  --data-dir DIR    where central.sqlite and enrollment.key live
  --port N          port to listen on (default 7450)
  --host H          address to listen on (default 127.0.0.1)
  --allow-remote    allow a non-loopback --host (no TLS yet: trusted networks only)

  DATABASE_URL=postgres://...     use PostgreSQL instead of SQLite
  BACKLOT_ENROLLMENT_KEY=...      key stations present to register`;

async function main(): Promise<void> {
  const { values } = parseCli(process.argv.slice(2), {
    port: { type: 'string' },
    host: { type: 'string' },
    'allow-remote': { type: 'boolean' },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const { host, port } = hostAndPortFrom({ host: values.host, port: values.port });
  const api = await startApi({ dataDir: values['data-dir'], host, port, allowRemote: values['allow-remote'] ?? false });
  console.log(`Backlot central API listening on ${api.url} (${api.db.kind})`);

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

import { withCentralDb as central, withStationDb } from '../kit/central-db';
import { test, expect } from '../kit/fixtures';

const KEYS = ['serviceName', 'permitNumber', 'permitCity', 'permitState', 'brmPermitNumber', 'brmZip', 'serviceOption', 'addressCorrection', 'imbTracing', 'brmTracing'] as const;

test('a change that keeps failing is named in the status bar with its reason and how long it waited; an admin retries it and it reaches the central office', async ({ backlot }) => {
  test.setTimeout(90_000);
  const { page } = backlot;
  await backlot.signInAs('admin');
  type Postal = { ok: boolean; data: { distributionCenter: string; setup: Record<string, unknown> | null } };
  // The DC's postal set-up arrives with the station's first pull after sign-in.
  let current: Postal = { ok: false, data: { distributionCenter: '', setup: null } };
  await expect
    .poll(async () => ((current = (await backlot.rpc('station.postal.get', {})) as Postal), current.ok && current.data.setup !== null), { timeout: 20_000 })
    .toBe(true);
  const dc = current.data.distributionCenter;
  const input = Object.fromEntries(KEYS.map((k) => [k, current.data.setup![k]]));
  const permit = String(Number(current.data.setup!.permitNumber) + 1);

  // Made while the central office is out of reach, so it waits in the outbox...
  await backlot.network.cut();
  await expect(page.getByTestId('statusbar-online')).toHaveAttribute('data-online', 'false', { timeout: 15_000 });
  expect((await backlot.rpc('station.postal.update', { ...input, permitNumber: permit })).ok).toBe(true);
  // ...and the central office failed it five times on its own (what the engine records after five failed pushes).
  const id = await withStationDb(backlot.dataDir, async (knex) => {
    const row = await knex('outbox').where({ status: 'pending', name: 'distributionCenter.setPostal' }).first('mutation_id');
    await knex('outbox').where({ mutation_id: row.mutation_id }).update({ status: 'stuck', push_attempts: 5, push_error: 'The central office could not take this change right now.' });
    return row.mutation_id as string;
  });
  await backlot.network.restore();

  const stuck = page.getByTestId('statusbar-stuck');
  await expect(stuck).toHaveAttribute('data-mutation-id', id, { timeout: 15_000 });
  await expect(stuck.getByTestId('statusbar-stuck-name')).toHaveText('distributionCenter.setPostal');
  await expect(stuck.getByTestId('statusbar-stuck-message')).toHaveText('The central office could not take this change right now.');
  await expect(stuck.getByTestId('statusbar-stuck-waited')).toHaveText(/less than a minute|\d+ min/);
  await expect(stuck).toContainText('Not sent after 5 tries');
  // Whole and in view at both station screen sizes (the footer stays at the bottom of the window).
  for (const [width, height] of [[1366, 768], [1024, 768]] as const) {
    await page.setViewportSize({ width, height });
    await expect(stuck.getByTestId('statusbar-stuck-retry')).toBeInViewport();
    await page.screenshot({ path: test.info().outputPath(`statusbar-stuck-${width}.png`) });
  }

  await stuck.getByTestId('statusbar-stuck-retry').click();
  await expect(page.getByTestId('statusbar-stuck')).toHaveCount(0, { timeout: 15_000 });
  await page.getByTestId('statusbar-sync-now').click();
  await expect
    .poll(() => central(backlot.dataDir, async (knex) => (await knex('distribution_centers').where({ code: dc }).first('permit_number')).permit_number as string), { timeout: 20_000 })
    .toBe(permit);
  const audit = await withStationDb(backlot.dataDir, (knex) => knex('audit_log').where({ action: 'sync.stuck_retried' }).first('reason'));
  expect(audit?.reason).toContain(id);
});

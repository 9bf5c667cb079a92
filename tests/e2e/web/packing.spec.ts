import { withCentralDb as central } from '../kit/central-db';
import { test, expect } from '../kit/fixtures';

test.use({ scenario: 'packing-day' });

test('a packer packs three orders (one wrong scan), prints, reprints, voids, then checks a return in and sees the next title allocated', async ({ backlot }) => {
  test.setTimeout(120_000);
  const { page } = backlot;
  await backlot.signInAs('warehouse');
  await page.getByTestId('nav-pack').click();
  await page.getByTestId('pack-claim').click();
  await expect(page.getByTestId('pack-current')).toBeVisible({ timeout: 20_000 });

  const packed: string[] = [];
  const serials: string[] = [];
  for (let n = 0; n < 3; n++) {
    const order = (await page.getByTestId('pack-current').getAttribute('data-order'))!;
    const { right, wrong } = await central(backlot.dataDir, async (knex) => {
      const s = await knex('shipments as s').join('discs as d', 'd.id', 's.disc_id').where('s.order_number', order).first('d.barcode', 's.title_id');
      const w = await knex('discs').where({ home_dc: 'SJC', status: 'in_stock' }).whereNot('title_id', s.title_id).first('barcode');
      return { right: s.barcode as string, wrong: w.barcode as string };
    });
    if (n === 1) {
      await page.getByTestId('pack-scan-input').fill(wrong);
      await page.getByTestId('pack-scan-input').press('Enter');
      await expect(page.getByTestId('pack-scan-result')).toHaveAttribute('data-result', 'mismatch');
      await expect(page.getByTestId('pack-scan-result')).toHaveAttribute('data-reason', 'DISC_WRONG_TITLE');
      await expect(page.getByTestId('pack-scan-result')).not.toContainText('DISC_WRONG_TITLE');
      // Nothing advanced: the same order still waits for its disc.
      await expect(page.getByTestId('pack-current')).toHaveAttribute('data-order', order);
    }
    await page.getByTestId('pack-scan-input').fill(right);
    await page.getByTestId('pack-scan-input').press('Enter');
    await expect(page.getByTestId('pack-scan-result')).toHaveAttribute('data-result', 'match');
    await expect(page.getByTestId(`pack-queue-row-${order}`)).toHaveAttribute('data-status', 'labeled');
    packed.push(order);
    serials.push(/Label serial (\d+)/.exec((await page.getByTestId('pack-label-serial').textContent()) ?? '')![1]!);
  }

  // Each letter mailer prints its outbound and Business Reply labels, both carrying the serial in their IMb digits.
  await expect.poll(() => serials.every((serial) => backlot.printer.received().split(`314159 ${serial}`).length === 3), { timeout: 15_000 }).toBe(true);
  expect(backlot.printer.received()).toContain('^PW812');

  await page.getByTestId(`pack-reprint-${packed[0]}`).click();
  await page.getByTestId('pack-reason-input').fill('label jammed');
  await page.getByTestId('pack-action-confirm').click();
  await expect(page.getByTestId('pack-scan-result')).toContainText('same serial');

  // Straight after the reprint's answer: the void panel stays open, and the reprint's reason is not carried into it.
  await page.getByTestId(`pack-void-${packed[2]}`).click();
  await expect(page.getByTestId('pack-action-panel')).toContainText(`void the label of ${packed[2]}`);
  await expect(page.getByTestId('pack-reason-input')).toHaveValue('');
  await page.getByTestId('pack-reason-input').fill('torn mailer');
  await page.getByTestId('pack-action-confirm').click();
  await expect(page.getByTestId(`pack-queue-row-${packed[2]}`)).toHaveAttribute('data-status', 'allocated');

  const events = await backlot.rpc('lookup.shipment', { shipmentId: await central(backlot.dataDir, async (k) => (await k('shipments').where('order_number', packed[0]).first('id')).id) });
  expect((events.data as { labelEvents: Array<{ kind: string }> }).labelEvents.map((e) => e.kind)).toEqual(['printed', 'reprinted']);

  // A return: a disc out with a customer whose queue has a title in stock at SJC.
  const ret = await central(backlot.dataDir, async (knex) => {
    const rows = await knex('shipments as s')
      .join('discs as d', 'd.id', 's.disc_id')
      .join('customers as c', 'c.id', 's.customer_id')
      .where({ 's.status': 'shipped', 's.dc': 'SJC', 'c.status': 'active' })
      .select('d.barcode', 's.customer_id');
    for (const r of rows) {
      const queued = await knex('rental_queue as q')
        .join('discs as d', function () {
          this.on('d.title_id', 'q.title_id').andOnVal('d.home_dc', 'SJC').andOnVal('d.status', 'in_stock');
        })
        .where('q.customer_id', r.customer_id)
        .whereNotIn('q.title_id', knex('shipments').select('title_id').where('customer_id', r.customer_id))
        .first('q.title_id');
      if (queued) return r;
    }
    throw new Error('the packing-day scenario has no return with a queued title in stock');
  });
  await page.getByTestId('nav-returns').click();
  await page.getByTestId('returns-scan-input').fill(ret.barcode);
  await page.getByTestId('returns-scan-input').press('Enter');
  await expect(page.getByTestId('returns-result')).toContainText('back in stock');
  await expect(page.getByTestId('returns-next')).toContainText('Next title allocated', { timeout: 20_000 });

  // Another mailer comes back: the clerk types the digits under its Business Reply barcode instead of scanning the disc.
  const mailer = await central(backlot.dataDir, async (knex) =>
    knex('shipments as s').join('discs as d', 'd.id', 's.disc_id').where({ 's.status': 'shipped', 's.dc': 'SJC', 's.piece_type': 'letter' }).whereNot('d.barcode', ret.barcode).first('s.order_number', 's.label_serial', 'd.barcode'),
  );
  await page.getByTestId('returns-scan-input').pressSequentially(`00 708 314159 ${mailer.label_serial} 951319901`, { delay: 20 });
  await page.getByTestId('returns-scan-input').press('Enter');
  await expect(page.getByTestId('returns-result')).toContainText(`Checked in ${mailer.barcode}`);
  await expect(page.getByTestId('returns-result')).toContainText(mailer.order_number);
});

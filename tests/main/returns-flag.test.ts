/**
 * A disc a customer reported on a call (issue 15 item 5) comes back to the
 * returns desk: the central office flagged it, the packing station holds the
 * flag, and the check-in says what was reported; a disc reported damaged is
 * booked damaged without the desk having to say so, a wrong disc goes back in
 * stock with a word to check it against its sleeve.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RETURN_FLAG_WORDS } from '../../core/customers/replacement-policy';
import { createPackingWorld, type OneStationWorld } from '../station/world';

let line: Awaited<ReturnType<typeof createPackingWorld>>;
let world: OneStationWorld;
const K = 'returns';

beforeAll(async () => {
  line = await createPackingWorld(K);
  ({ world } = line);
}, 120_000);
afterAll(async () => line?.close());

/** Two discs out with customers at SJC, flagged centrally as the settlement of a reported problem does, then pulled by the station. */
async function flaggedDiscs(): Promise<Array<{ id: number; barcode: string }>> {
  const central = world.api.db.knex;
  const discs = (await central('shipments as s')
    .join('discs as d', 'd.id', 's.disc_id')
    .where({ 's.status': 'shipped', 's.dc': 'SJC' })
    .orderBy('d.id')
    .limit(2)
    .select('d.id', 'd.barcode')) as Array<{ id: number; barcode: string }>;
  expect(discs).toHaveLength(2);
  await central('discs').where({ id: discs[0]!.id }).update({ return_flag: 'damaged' });
  await central('discs').where({ id: discs[1]!.id }).update({ return_flag: 'wrong_disc' });
  await world.call('sync.now', {}, K);
  return discs;
}

describe('returns of discs reported on a call', () => {
  it('a disc reported damaged is booked damaged and says so; a wrong disc is back in stock with a word to check it; the flags are cleared', async () => {
    const [damaged, wrong] = await flaggedDiscs();
    expect(await world.station.db.knex('discs').where({ id: damaged!.id }).first('return_flag')).toEqual({ return_flag: 'damaged' });

    const first = await world.call('returns.checkIn', { barcode: damaged!.barcode }, K);
    expect(first).toMatchObject({ discStatus: 'damaged', reportedProblem: RETURN_FLAG_WORDS.damaged });
    const second = await world.call('returns.checkIn', { barcode: wrong!.barcode }, K);
    expect(second).toMatchObject({ discStatus: 'in_stock', reportedProblem: RETURN_FLAG_WORDS.wrong_disc });

    await world.call('sync.now', {}, K);
    const central = world.api.db.knex;
    expect(await central('discs').where({ id: damaged!.id }).first('status', 'damage_reason', 'return_flag')).toEqual({ status: 'damaged', damage_reason: RETURN_FLAG_WORDS.damaged, return_flag: null });
    expect(await central('discs').where({ id: wrong!.id }).first('status', 'return_flag')).toEqual({ status: 'in_stock', return_flag: null });
  });
});

/**
 * The returns desk: a piece back from a customer checked in by its disc
 * barcode or by the Business Reply IMb digits of its mailer, in stock or
 * booked damaged; then the order the central office allocated to that
 * customer next. Knex throughout (a piece every few seconds, not a hot path).
 */
import type { Knex } from 'knex';
import { RETURN_FLAG_WORDS } from '../../../core/customers/replacement-policy';
import { AppError } from '../../../core/errors';
import type { Clock } from '../../host/clock';
import type { SettingsStore } from '../../settings/settings-store';
import type { SyncEngine } from '../../sync/sync-engine';
import type { StationSession } from '../auth/auth-service';
import { findReturnedShipment } from './returns-by-imb';

interface ReturnedDiscRow {
  id: number;
  barcode: string;
  /** Set when the customer reported this disc damaged or the wrong one on a call. */
  return_flag: string | null;
  title_name: string;
}

interface OutShipmentRow {
  order_number: string;
  customer_id: number;
  title_name: string;
}

interface NextOrderRow {
  order_number: string;
  title_name: string;
}

export interface ReturnsServiceDeps {
  knex: Knex;
  sync: SyncEngine;
  settings: SettingsStore;
  clock: Clock;
}

export class ReturnsService {
  constructor(private readonly deps: ReturnsServiceDeps) {}

  /** A disc by its barcode, else by one of its aliases (a relabelled disc). */
  private async discByBarcode(code: string): Promise<ReturnedDiscRow | undefined> {
    const own = await this.deps.knex('discs').where('barcode', code).first<{ id: number } | undefined>('id');
    const id = own?.id ?? (await this.deps.knex('disc_barcodes').where('alias', code).first<{ disc_id: number } | undefined>('disc_id'))?.disc_id;
    return id === undefined ? undefined : this.discById(id);
  }

  private async discById(id: number): Promise<ReturnedDiscRow | undefined> {
    return this.deps.knex('discs as d').join('titles as t', 't.id', 'd.title_id').where('d.id', id).first<ReturnedDiscRow | undefined>('d.id', 'd.barcode', 'd.return_flag', 't.name as title_name');
  }

  /**
   * A returned piece checked in by its disc barcode, or by the digits of the
   * Business Reply IMb on the mailer it came back in (typed from under the
   * bars or scanned): the BRM serial is the shipment's label serial.
   */
  async checkIn(session: StationSession, barcode: string, damageReason: string | undefined) {
    const code = barcode.trim().toUpperCase();
    const byImb = await findReturnedShipment(this.deps.knex, code, this.deps.settings.get().distributionCenter);
    const disc = byImb ? await this.discById(byImb.discId) : await this.discByBarcode(code);
    if (!disc) throw AppError.because('RETURN_UNKNOWN_DISC', `No disc has barcode ${code.slice(0, 40)}.`);
    const s = await this.deps.knex('shipments as s')
      .join('titles as t', 't.id', 's.title_id')
      .where('s.disc_id', disc.id)
      .whereIn('s.status', ['shipped', 'lost'])
      .first<OutShipmentRow | undefined>('s.order_number', 's.customer_id', 't.name as title_name');
    if (!s) throw AppError.because('RETURN_NOT_OUT', `Disc ${disc.barcode} ("${disc.title_name}") is not out with a customer; nothing to check in.`);
    // Read before the change, whose time is this or later: the allocation it causes is dated no earlier.
    const checkedInAt = this.deps.clock.now().toISOString();
    await this.deps.sync.mutate('shipment.checkIn', { discId: disc.id, ...(damageReason ? { damageReason } : {}) }, { staffId: session.staff.id, role: session.staff.role });
    // The check-in mutator books a disc reported damaged on a call as damaged by itself.
    const flag = disc.return_flag === 'damaged' || disc.return_flag === 'wrong_disc' ? disc.return_flag : null;
    const damaged = !!damageReason || flag === 'damaged';
    return {
      orderNumber: s.order_number,
      titleName: s.title_name,
      customerId: s.customer_id,
      discBarcode: disc.barcode,
      discStatus: damaged ? 'damaged' : 'in_stock',
      checkedInAt,
      reportedProblem: flag ? RETURN_FLAG_WORDS[flag] : null,
    };
  }

  async nextFor(customerId: number, since: string) {
    const next = await this.deps.knex('shipments as s')
      .join('titles as t', 't.id', 's.title_id')
      .where({ 's.customer_id': customerId, 's.status': 'allocated' })
      .andWhere('s.created_at', '>=', since)
      .orderBy('s.created_at', 'desc')
      .first<NextOrderRow | undefined>('s.order_number', 't.name as title_name');
    return next ? { orderNumber: next.order_number, titleName: next.title_name } : null;
  }
}

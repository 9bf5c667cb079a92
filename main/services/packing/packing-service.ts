/**
 * The packing line at one station: claim a batch, verify every scan, print
 * the label, ship. Every state change is a sync mutation (local change +
 * outbox row in one transaction), so the line keeps working offline and each
 * change reaches the central API exactly once; a label's print job is written
 * in that same transaction (issue 12 item 4), so a crash at any instant
 * leaves either no label or a label with its job waiting to print.
 *
 * The scan (the hot path) reads with prepared statements (`packing-sql.ts`);
 * claims are knex.
 */
import type { Knex } from 'knex';
import { AppError, type Reason } from '../../../core/errors';
import { buildLabelData, labelPostalRecord, labelRefusal, storedPieceType, type LabelData } from '../../../core/labels';
import { formatImpbTracking, formatTrackingDigits } from '../../../core/postal';
import { verifyScan } from '../../../core/packing/verify-scan';
import { localHourAndDayStart, perHourRate } from '../../../core/packing/shift';
import type { PackItem, PackQueue, ScanOutcome, Shift, ShipResult } from '../../../core/packing/schemas';
import type { StationSettings } from '../../../core/station/schemas';
import type { CentralClient } from '../../central/central-client';
import { preparedAll, preparedFirst, type WriteTransaction } from '../../db/prepared';
import type { Clock } from '../../host/clock';
import type { PrintService, StagedJob } from '../../print/print-service';
import type { PrintQueue } from '../../print/print-queue';
import type { SettingsStore } from '../../settings/settings-store';
import type { StaffActor, SyncEngine, TogetherMutate } from '../../sync/sync-engine';
import type { StationSession } from '../auth/auth-service';
import {
  DC_SQL,
  DISC_SQL,
  ITEM_SQL,
  LABEL_SQL,
  LABELED_BATCH_SQL,
  SHIP_CANDIDATES_SQL,
  type ShipCandidateRow,
  LAST_LABEL_SQL,
  ORDERED_QUEUE_SQL,
  SHIFT_LABELS_SQL,
  type DiscRow,
  type DistributionCenterRow,
  type IdRow,
  type LabelShipmentRow,
  type QueueRow,
  type ScanItemRow,
} from './packing-sql';

import { REFILL_BELOW, nextSerial, refillSerials, useSerial } from './serials';
import { isMismatchReason } from '../../../core/floor/schemas';

const CLAIM_ROWS_PER_INSERT = 200;

type Label = NonNullable<ScanOutcome['label']>;

function toItem(r: QueueRow): PackItem {
  return {
    shipmentId: r.id,
    orderNumber: r.order_number,
    status: r.status,
    titleId: r.title_id,
    titleName: r.title_name,
    expectedDiscBarcode: r.disc_barcode ?? null,
    shipName: r.ship_name,
    deliveryLine: [r.ship_line1, r.ship_line2].filter(Boolean).join(' '),
    lastLine: `${r.ship_city} ${r.ship_state}  ${r.ship_zip5}${r.ship_zip4 ? `-${r.ship_zip4}` : ''}`,
    shipBy: r.ship_by,
    ageCertified: !!r.age_certified,
    labelSerial: r.label_serial ?? null,
    pieceType: storedPieceType(r.piece_type),
  };
}

/** A zone name Intl accepts, or null (a DC row typed by hand may carry anything). */
function validTimeZone(zone: string | null | undefined): string | null {
  if (!zone) return null;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return zone;
  } catch {
    return null;
  }
}

function trackingOf(label: LabelData): string {
  return label.piece === 'parcel' ? formatImpbTracking(label.impb.tracking) : formatTrackingDigits(label.imb.tracking, label.imb.routing);
}

/** Unique per label event: the mutation that recorded it (its id comes from the injected clock and never repeats). */
function printJobId(orderNumber: string, serial: string, kind: 'printed' | 'reprinted', mutationId: string): string {
  return `${orderNumber}-${serial}-${kind}-${mutationId}`;
}

/** The station ran out of serials inside a scan: refill outside the transaction, then scan again. */
class OutOfSerials extends Error {
  constructor(readonly mailerId: string) {
    super(`no serials left for mailer ID ${mailerId}`);
  }
}

interface ScanDone {
  outcome: ScanOutcome;
  staged: StagedJob | null;
  serialsLeft: number | null;
}

export interface PackingServiceDeps {
  knex: Knex;
  central: CentralClient;
  sync: SyncEngine;
  settings: SettingsStore;
  clock: Clock;
  print: PrintService;
  /** Station tables changed here (claims): the pack screen reads again. */
  onTablesChanged?: (tables: readonly string[]) => void;
}

export class PackingService {
  constructor(private readonly deps: PackingServiceDeps) {}

  private actor(session: StationSession): StaffActor {
    return { staffId: session.staff.id, role: session.staff.role };
  }

  async queue(): Promise<PackQueue> {
    const rows = await preparedAll<QueueRow>(this.deps.knex, ORDERED_QUEUE_SQL);
    return { items: rows.map(toItem), printer: await this.deps.print.status() };
  }

  /**
   * Claims the next orders for this station. The claims belong to the
   * station (one `pack_claims` table, whoever is signed in, whichever
   * window asks): the central office answers with every open claim of this
   * station, so a claim from any window shows the whole batch everywhere.
   * An order of ours it no longer lists was released there after the station
   * sat idle (`claimIdleMinutes`); one not started here leaves this station's
   * list, and the packer is told which.
   */
  async claim(session: StationSession, count: number): Promise<PackQueue & { released: string[] }> {
    if (!session.apiToken) throw new AppError('OFFLINE', 'Claiming new orders needs the central office; finish the orders this station already claimed.');
    // Claimed orders this station would never receive would sit claimed centrally, out of everyone's reach: refuse before claiming.
    if (!this.deps.sync.pullsPackingOrders()) {
      throw AppError.because(
        'STATION_NOT_PACKING',
        'This station’s data follows a customer-service sign-in in another window, which brings no packing orders here. Sign out in that window, then claim again.',
      );
    }
    const { claimed } = await this.deps.central.call('packing.claim', { count }, { staffToken: session.apiToken });
    const at = this.deps.clock.now().toISOString();
    const ours = claimed.map((c) => c.shipmentId);
    const released = await this.deps.knex.transaction(async (trx) => {
      const gone = (await trx('pack_claims as c')
        .leftJoin('shipments as s', 's.id', 'c.shipment_id')
        .whereNotIn('c.shipment_id', ours)
        .andWhere((w) => w.whereNull('s.id').orWhere('s.status', 'allocated'))
        .select('c.shipment_id', 'c.order_number')) as Array<{ shipment_id: number; order_number: string }>;
      if (gone.length > 0) await trx('pack_claims').whereIn('shipment_id', gone.map((g) => g.shipment_id)).del();
      // The central office answers with all of this station's open claims, which can pass SQLite's 500 terms of one
      // multi-row insert (a station that claimed a shift's worth and restarted): in slices.
      const rows = claimed.map((c) => ({ shipment_id: c.shipmentId, order_number: c.orderNumber, age_certified: c.ageCertified, claimed_at: at }));
      for (let i = 0; i < rows.length; i += CLAIM_ROWS_PER_INSERT) {
        await trx('pack_claims').insert(rows.slice(i, i + CLAIM_ROWS_PER_INSERT)).onConflict('shipment_id').merge(['age_certified', 'claimed_at']);
      }
      return gone.map((g) => g.order_number);
    });
    if (claimed.length > 0 || released.length > 0) this.deps.onTablesChanged?.(['pack_claims']);
    if (claimed.length > 0) {
      const held = await this.deps.knex('shipments').whereIn('id', ours).count({ n: '*' }).first();
      // Claimed orders this cache has not pulled yet: one sync brings them before the packer needs them.
      if (Number(held?.n ?? 0) < claimed.length) await this.deps.sync.syncNow();
    }
    return { ...(await this.queue()), released };
  }

  /**
   * A scanned disc against its order: verified once, the label built once
   * with the serial it takes, and the pack, the label event, the serial and
   * the print job committed in one transaction. Nothing advances on a
   * mismatch or on an address USPS cannot take.
   */
  async scan(session: StationSession, shipmentId: number, barcode: string): Promise<ScanOutcome> {
    const code = barcode.trim().toUpperCase();
    // The printer is resolved before anything changes: a printer this host cannot drive refuses the scan cleanly.
    const queue = await this.deps.print.queue();
    // One reading of the settings for the scan: the DC it checks and the printer it records are of the same moment.
    const station = this.deps.settings.get();
    const done = await this.withSerials(session, () => this.deps.sync.together(this.actor(session), (trx, mutate) => this.scanIn(trx, mutate, queue, station, shipmentId, code)));
    this.deps.print.admit(done.staged);
    if (done.outcome.reason === 'DISC_UNKNOWN') return this.strayDisc(session, code, done.outcome);
    return done.outcome;
  }

  /**
   * A barcode this station does not hold: its cache has only its own
   * building's discs, so a stray from another DC looks unknown here. The
   * central office knows every disc and is asked (after the scan's
   * transaction, within a few seconds); offline, the packer is told both
   * possibilities and what to do with the disc.
   */
  private async strayDisc(session: StationSession, code: string, unknown: ScanOutcome): Promise<ScanOutcome> {
    const own = this.deps.settings.get().distributionCenter;
    const shown = code.slice(0, 40);
    if (!session.apiToken) return this.unknownOffline(shown, unknown);
    let home: { code: string; name: string } | null;
    try {
      ({ home } = await this.deps.central.call('packing.discHome', { barcode: code }, { staffToken: session.apiToken }));
    } catch {
      return this.unknownOffline(shown, unknown);
    }
    if (!home) return unknown;
    if (home.code === own) {
      return { ...unknown, message: `Disc ${shown} belongs to this building but has not reached this station yet. Wait a few seconds and scan it again.` };
    }
    return {
      ok: false,
      reason: 'DISC_OTHER_DC',
      message: `Disc ${shown} belongs to ${home.name} (${home.code}), not this building. Do not pack it: put it in the transfer tray for ${home.name} and scan another copy.`,
      label: null,
    };
  }

  private unknownOffline(shown: string, unknown: ScanOutcome): ScanOutcome {
    return {
      ...unknown,
      message: `This station does not know disc ${shown}, and the central office cannot be reached to ask which building it belongs to. Set the disc aside for a supervisor and scan another copy.`,
    };
  }

  /**
   * The shift counter: labels this station printed (its claimed orders'
   * "printed" events, a repack counting again) this hour and today on the
   * distribution center's clock, and the last label not yet shipped.
   */
  async shift(): Promise<Shift> {
    const now = this.deps.clock.now();
    const dcCode = this.deps.settings.get().distributionCenter;
    const dc = await this.deps.knex('distribution_centers').where('code', dcCode).first<{ timezone: string | null } | undefined>('timezone');
    const timeZone = validTimeZone(dc?.timezone) ?? 'UTC';
    const { hourStart, dayStart } = localHourAndDayStart(now, timeZone);
    const rows = await preparedAll<{ at: string }>(this.deps.knex, SHIFT_LABELS_SQL, [dayStart.toISOString()]);
    const hourFrom = hourStart.toISOString();
    const last = await preparedFirst<{ id: number; order_number: string }>(this.deps.knex, LAST_LABEL_SQL);
    return {
      hour: rows.filter((r) => r.at >= hourFrom).length,
      today: rows.length,
      perHour: perHourRate(rows.length, rows[0] ? new Date(rows[0].at) : null, now),
      timeZone,
      last: last ? { shipmentId: last.id, orderNumber: last.order_number } : null,
    };
  }

  private async scanIn(trx: WriteTransaction, mutate: TogetherMutate, queue: PrintQueue | null, station: StationSettings, shipmentId: number, code: string): Promise<ScanDone> {
    const refused = (reason: Reason, message: string): ScanDone => ({ outcome: { ok: false, reason, message, label: null }, staged: null, serialsLeft: null });
    // Three reads that do not depend on each other (the serial is that of the order's DC): asked together, so their
    // trips to SQLite's threads overlap. A serial read for a scan that is then refused is simply not used.
    const [item, disc, serial] = await Promise.all([
      preparedFirst<ScanItemRow>(trx, ITEM_SQL, [shipmentId]),
      preparedFirst<DiscRow>(trx, DISC_SQL, [code, code]),
      nextSerial(trx, shipmentId),
    ]);
    if (!item) throw new AppError('NOT_FOUND', `Order ${shipmentId} is not in this station’s packing queue.`);
    const verdict = verifyScan(
      {
        orderNumber: item.order_number,
        titleId: item.title_id,
        titleName: item.title_name,
        dc: station.distributionCenter,
        status: item.status,
        ageCertified: !!item.age_certified,
        allocatedDiscId: null,
      },
      disc ? { id: disc.id, barcode: disc.barcode, titleId: disc.title_id, titleName: disc.title_name, homeDc: disc.home_dc, status: disc.status, damageReason: disc.damage_reason } : null,
      code,
    );
    if (!verdict.ok) {
      // The floor view's mismatch rate (issue 16 item 7): counted with the refusal, nothing about the order recorded.
      if (isMismatchReason(verdict.reason)) await mutate('scanMismatch.record', { reason: verdict.reason });
      return refused(verdict.reason, verdict.message);
    }
    const scanned = disc!;
    // The order's label columns and its DC came with the item: nothing is read twice.
    const s: LabelShipmentRow = item;
    const dc = item.dc_row === null ? undefined : (JSON.parse(item.dc_row) as DistributionCenterRow);
    if (!dc) return refused('LABEL_NOT_PRINTABLE', 'This station does not hold the order or its distribution center yet; sync first.');
    if (!serial) throw new OutOfSerials(dc.mailer_id);
    const built = buildLabelData({ dc, shipment: s, serial: serial.serial, piece: storedPieceType(s.piece_type) });
    // An address USPS cannot take stops the pack before anything changes, with the reason for customer service.
    if (!built.ok) return refused('LABEL_NOT_PRINTABLE', labelRefusal(built.errors).message);
    const postal = labelPostalRecord(built.label);
    const printer = station.printer?.name ?? null;
    // The label is rendered for its printer while SQLite records the pack, then the serial is struck off while the job
    // is saved: neither of each pair waits for the other, and all of it commits together or not at all.
    const [{ mutationId }, rendered] = await Promise.all([
      mutate(
        'shipment.packAndLabel',
        { shipmentId, discId: scanned.id, labelSerial: serial.serial, printer, pieceType: postal.piece, stid: postal.stid, returnSerial: postal.returnSerial },
        { scanVerified: true },
      ),
      this.deps.print.render(queue, built.label),
    ]);
    const [, staged] = await Promise.all([useSerial(trx, serial), this.deps.print.stage(trx, rendered, printJobId(s.order_number, serial.serial, 'printed', mutationId))]);
    const into = postal.piece === 'parcel' ? 'a box (parcel label)' : 'the letter mailer';
    const label: Label = { serial: serial.serial, tracking: trackingOf(built.label), pieceType: postal.piece, printer, queued: !!queue };
    return { outcome: { ok: true, reason: null, message: `Packed "${item.title_name}" for order ${item.order_number} into ${into}.`, label }, staged, serialsLeft: serial.left - 1 };
  }

  /**
   * Runs a scan; when the station has run out of serials it asks the central
   * office for a range (outside the transaction) and scans again, and it
   * tops the ranges up once they run low, so an outage mid-shift does not
   * stop printing.
   */
  private async withSerials(session: StationSession, attempt: () => Promise<ScanDone>): Promise<ScanDone> {
    const refill = async () => {
      if (session.apiToken) await refillSerials(this.deps.knex, this.deps.central, session.apiToken).catch(() => undefined);
    };
    let done: ScanDone;
    try {
      done = await attempt();
    } catch (err) {
      if (!(err instanceof OutOfSerials)) throw err;
      await refill();
      try {
        done = await attempt();
      } catch (again) {
        if (again instanceof OutOfSerials) throw new AppError('OFFLINE', 'This station has no label serials left and the central office cannot be reached for more.');
        throw again;
      }
    }
    if (done.serialsLeft !== null && done.serialsLeft < REFILL_BELOW) await refill();
    return done;
  }

  async reprint(session: StationSession, shipmentId: number, reason: string): Promise<ScanOutcome> {
    const label = await this.printAgain(session, shipmentId, reason);
    return { ok: true, reason: null, message: `Label reprinted with the same serial ${label.serial}.`, label };
  }

  async voidLabel(session: StationSession, shipmentId: number, reason: string, then: 'requeue' | 'cancel'): Promise<{ status: string }> {
    const s = await preparedFirst<LabelShipmentRow>(this.deps.knex, LABEL_SQL, [shipmentId]);
    if (!s) throw new AppError('NOT_FOUND', `Order ${shipmentId} is not on this station.`);
    if (!['packed', 'labeled'].includes(s.status)) throw new AppError('CONFLICT', `Order ${s.order_number} is ${s.status}; only a packed or labeled order that has not shipped can have its label voided.`);
    const printer = this.deps.settings.get().printer?.name ?? null;
    // The void and what follows it are one act: both queue, or neither does.
    await this.deps.sync.together(this.actor(session), async (_trx, mutate) => {
      await mutate('labelEvent.record', { shipmentId, kind: 'voided', serial: s.label_serial ?? null, printer, reason });
      if (then === 'requeue') await mutate('shipment.requeue', { shipmentId, reason });
      else await mutate('shipment.void', { shipmentId, reason });
    });
    return { status: then === 'requeue' ? 'allocated' : 'void' };
  }

  /**
   * Marks shipped those of `shipmentIds` that are still labeled here, all in
   * one transaction. The list comes from the screen, which can be a moment
   * behind (a label voided from the panel, another window that shipped
   * first): an order no longer labeled is named in `notShipped`, not shipped,
   * and does not stop the others.
   */
  async ship(session: StationSession, shipmentIds: readonly number[]): Promise<ShipResult> {
    return this.deps.sync.together(this.actor(session), async (trx, mutate) => {
      const asked = [...new Set(shipmentIds)];
      const here = await preparedAll<ShipCandidateRow>(trx, SHIP_CANDIDATES_SQL, [JSON.stringify(asked)]);
      const labeled = here.filter((r) => r.status === 'labeled');
      for (const r of labeled) await mutate('shipment.markShipped', { shipmentId: r.id });
      const found = new Map(here.map((r) => [r.id, r]));
      const notShipped = asked
        .filter((id) => found.get(id)?.status !== 'labeled')
        .map((id) => ({ shipmentId: id, orderNumber: found.get(id)?.order_number ?? null, status: found.get(id)?.status ?? null }));
      return { shipped: labeled.length, notShipped };
    });
  }

  /**
   * Prints again every label of this station's claimed batch that is on
   * record and not yet shipped (a jammed roll, a new printer): same serials,
   * each logged as a reprint with the reason.
   */
  async printBatch(session: StationSession, reason: string): Promise<{ printed: number }> {
    const rows = await preparedAll<IdRow>(this.deps.knex, LABELED_BATCH_SQL);
    for (const r of rows) await this.printAgain(session, r.id, reason);
    return { printed: rows.length };
  }

  async retryPrinter(): Promise<PackQueue> {
    await this.deps.print.retry();
    return this.queue();
  }

  /** A label on record printed again with its serial: the reprint event and its job commit together. */
  private async printAgain(session: StationSession, shipmentId: number, reason: string): Promise<Label> {
    const queue = await this.deps.print.queue();
    const done = await this.deps.sync.together(this.actor(session), async (trx, mutate) => {
      const s = await preparedFirst<LabelShipmentRow>(trx, LABEL_SQL, [shipmentId]);
      if (!s) throw new AppError('NOT_FOUND', `Order ${shipmentId} is not on this station.`);
      if (!s.label_serial || !['labeled', 'packed'].includes(s.status)) throw new AppError('CONFLICT', `Order ${s.order_number} has no label to reprint.`);
      const dc = await preparedFirst<DistributionCenterRow>(trx, DC_SQL, [s.dc]);
      if (!dc) throw new AppError('NOT_FOUND', `Distribution center ${s.dc} is not in this station’s cache yet; sync first.`);
      const serial = String(s.label_serial);
      const built = buildLabelData({ dc, shipment: s, serial, piece: storedPieceType(s.piece_type) });
      if (!built.ok) throw labelRefusal(built.errors);
      const postal = labelPostalRecord(built.label);
      const printer = this.deps.settings.get().printer?.name ?? null;
      const [{ mutationId }, rendered] = await Promise.all([
        mutate('labelEvent.record', { shipmentId, kind: 'reprinted', serial, printer, reason, pieceType: postal.piece, stid: postal.stid, returnSerial: postal.returnSerial }),
        this.deps.print.render(queue, built.label),
      ]);
      const staged = await this.deps.print.stage(trx, rendered, printJobId(s.order_number, serial, 'reprinted', mutationId));
      const label: Label = { serial, tracking: trackingOf(built.label), pieceType: postal.piece, printer, queued: !!queue };
      return { label, staged };
    });
    this.deps.print.admit(done.staged);
    return done.label;
  }
}


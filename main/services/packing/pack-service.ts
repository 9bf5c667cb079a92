import type { Knex } from 'knex';
import { AppError } from '../../../core/errors';
import { buildLabelData, labelPostalRecord, labelRefusal, storedPieceType, type LabelDistributionCenter, type LabelShipment } from '../../../core/labels';
import { formatImpbTracking, formatTrackingDigits } from '../../../core/postal';
import { verifyScan } from '../../../core/packing/verify-scan';
import type { PackItem, PackQueue, ScanOutcome } from '../../../core/packing/schemas';
import type { Logger } from '../../../platform/logger';
import type { CentralClient } from '../../central/central-client';
import { preparedAll, preparedFirst } from '../../db/prepared';
import type { Clock } from '../../host/clock';
import { knexJobStore } from '../../print/job-store';
import { labelJob, printerFor } from '../../print/printer-factory';
import type { SystemPrinting } from '../../print/system-printer';
import { PrintQueue } from '../../print/print-queue';
import type { SettingsStore } from '../../settings/settings-store';
import type { SyncEngine } from '../../sync/sync-engine';
import type { StationSession } from '../auth/auth-service';
import { manifestPieces, manifestCsv, manifestPdf, MANIFEST_SQL } from './manifest';
import { findReturnedShipment } from './returns-by-imb';
import { refillSerials, takeSerial } from './serials';

const QUEUE_SQL = `SELECT s.id, s.order_number, s.status, s.title_id, t.name AS title_name, d.barcode AS disc_barcode, s.piece_type,
    s.ship_name, s.ship_line1, s.ship_line2, s.ship_city, s.ship_state, s.ship_zip5, s.ship_zip4, s.ship_by, s.label_serial, c.age_certified
  FROM pack_claims c JOIN shipments s ON s.id = c.shipment_id JOIN titles t ON t.id = s.title_id LEFT JOIN discs d ON d.id = s.disc_id
  WHERE s.status IN ('allocated', 'picked', 'packed', 'labeled')`;
const ITEM_SQL = `${QUEUE_SQL} AND s.id = ?`;
const ORDERED_QUEUE_SQL = `${QUEUE_SQL} ORDER BY s.ship_by, s.created_at, s.id`;
const LABELED_BATCH_SQL = `SELECT s.id FROM pack_claims c JOIN shipments s ON s.id = c.shipment_id WHERE s.status = 'labeled' ORDER BY s.ship_by, s.created_at, s.id`;
const DISC_SQL = `SELECT d.id, d.barcode, d.title_id, t.name AS title_name, d.home_dc, d.status, d.damage_reason
  FROM discs d JOIN titles t ON t.id = d.title_id
  WHERE d.id = (SELECT id FROM discs WHERE barcode = ? UNION ALL SELECT disc_id FROM disc_barcodes WHERE alias = ? LIMIT 1)`;
const DISC_BY_ID_SQL = `SELECT d.id, d.barcode, d.title_id, t.name AS title_name, d.home_dc, d.status, d.damage_reason
  FROM discs d JOIN titles t ON t.id = d.title_id WHERE d.id = ?`;
// What goes on the outside of the piece: the address and the piece type, never the title (issue 17, policy).
const LABEL_SQL = `SELECT s.id, s.order_number, s.status, s.label_serial, s.piece_type, s.ship_name, s.ship_line1, s.ship_line2, s.ship_city, s.ship_state, s.ship_zip5, s.ship_zip4, s.dc
  FROM shipments s WHERE s.id = ?`;
/** The DC's address and postal set-up (central columns, migrations 025). */
const DC_SQL = `SELECT code, name, line1, city, state, zip5, zip4, mailer_id, service_name, permit_number, permit_city, permit_state,
    brm_permit_number, brm_zip5, brm_zip4, imb_service_option, address_correction, imb_tracing, brm_tracing
  FROM distribution_centers WHERE code = ?`;

type Row = Record<string, any>;

function toItem(r: Row): PackItem {
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

/**
 * The packing line at one station: claim a batch, verify every scan, print
 * the label, ship, manifest, and check returns in. Every state change is a
 * sync mutation (local change + outbox row in one transaction), so the line
 * keeps working offline and each change reaches the central API exactly once.
 */
export class PackService {
  private queueByPrinter: { key: string; queue: Promise<PrintQueue> } | null = null;

  constructor(
    private readonly deps: {
      knex: Knex;
      central: CentralClient;
      sync: SyncEngine;
      settings: SettingsStore;
      clock: Clock;
      logger: Logger;
      /** The computer's print system, for `system` printers (Electron's through the shell, or CUPS). */
      systemPrinting?: SystemPrinting;
      /** Station tables changed here (claims, the printer queue): the pack screen reads again. */
      onTablesChanged?: (tables: readonly string[]) => void;
    },
  ) {}

  private actor(session: StationSession) {
    return { staffId: session.staff.id, role: session.staff.role };
  }

  async queue(): Promise<PackQueue> {
    const rows = await preparedAll(this.deps.knex, ORDERED_QUEUE_SQL);
    return { items: rows.map(toItem), printer: await this.printerStatus() };
  }

  async claim(session: StationSession, count: number): Promise<PackQueue> {
    if (!session.apiToken) throw new AppError('OFFLINE', 'Claiming new orders needs the central office; finish the orders this station already claimed.');
    const { claimed } = await this.deps.central.call('packing.claim', { count }, { staffToken: session.apiToken });
    const at = this.deps.clock.now().toISOString();
    if (claimed.length > 0) {
      await this.deps.knex('pack_claims')
        .insert(claimed.map((c) => ({ shipment_id: c.shipmentId, order_number: c.orderNumber, age_certified: c.ageCertified, claimed_at: at })))
        .onConflict('shipment_id')
        .merge(['age_certified', 'claimed_at']);
      this.deps.onTablesChanged?.(['pack_claims']);
      const held = await this.deps.knex('shipments').whereIn('id', claimed.map((c) => c.shipmentId)).count({ n: '*' }).first();
      // Claimed orders this cache has not pulled yet: one sync brings them before the packer needs them.
      if (Number(held?.n ?? 0) < claimed.length) await this.deps.sync.syncNow();
    }
    return this.queue();
  }

  async scan(session: StationSession, shipmentId: number, barcode: string): Promise<ScanOutcome> {
    const item = await preparedFirst(this.deps.knex, ITEM_SQL, [shipmentId]);
    if (!item) throw new AppError('NOT_FOUND', `Order ${shipmentId} is not in this station’s packing queue.`);
    const code = barcode.trim().toUpperCase();
    const disc = await preparedFirst(this.deps.knex, DISC_SQL, [code, code]);
    const verdict = verifyScan(
      {
        orderNumber: item.order_number,
        titleId: item.title_id,
        titleName: item.title_name,
        dc: this.deps.settings.get().distributionCenter,
        status: item.status,
        ageCertified: !!item.age_certified,
        allocatedDiscId: null,
      },
      disc ? { id: disc.id, barcode: disc.barcode, titleId: disc.title_id, titleName: disc.title_name, homeDc: disc.home_dc, status: disc.status, damageReason: disc.damage_reason } : null,
      code,
    );
    // Nothing advances on a mismatch: no mutation, no label.
    if (!verdict.ok) return { ok: false, reason: verdict.reason, message: verdict.message, label: null };
    // An address USPS cannot take stops the pack before anything changes, with the reason for customer service.
    const source = await this.labelSource(shipmentId);
    const printable = this.labelProblem(source);
    if (printable) return { ok: false, reason: 'LABEL_NOT_PRINTABLE', message: printable, label: null };
    const label = await this.printLabel(session, shipmentId, 'printed', undefined, { id: disc!.id, barcode: disc!.barcode }, source);
    const into = label.pieceType === 'parcel' ? 'a box (parcel label)' : 'the letter mailer';
    return { ok: true, reason: null, message: `Packed "${item.title_name}" for order ${item.order_number} into ${into}.`, label };
  }

  async reprint(session: StationSession, shipmentId: number, reason: string): Promise<ScanOutcome> {
    const label = await this.printLabel(session, shipmentId, 'reprinted', reason);
    return { ok: true, reason: null, message: `Label reprinted with the same serial ${label.serial}.`, label };
  }

  async voidLabel(session: StationSession, shipmentId: number, reason: string, then: 'requeue' | 'cancel'): Promise<{ status: string }> {
    const s = await preparedFirst(this.deps.knex, LABEL_SQL, [shipmentId]);
    if (!s) throw new AppError('NOT_FOUND', `Order ${shipmentId} is not on this station.`);
    if (!['packed', 'labeled'].includes(s.status)) throw new AppError('CONFLICT', `Order ${s.order_number} is ${s.status}; only a packed or labeled order that has not shipped can have its label voided.`);
    const actor = this.actor(session);
    const printer = this.deps.settings.get().printer?.name ?? null;
    await this.deps.sync.mutate('labelEvent.record', { shipmentId, kind: 'voided', serial: s.label_serial ?? null, printer, reason }, actor);
    if (then === 'requeue') await this.deps.sync.mutate('shipment.requeue', { shipmentId, reason }, actor);
    else await this.deps.sync.mutate('shipment.void', { shipmentId, reason }, actor);
    return { status: then === 'requeue' ? 'allocated' : 'void' };
  }

  async ship(session: StationSession, shipmentIds: readonly number[]): Promise<{ shipped: number }> {
    let shipped = 0;
    for (const shipmentId of shipmentIds) {
      await this.deps.sync.mutate('shipment.markShipped', { shipmentId }, this.actor(session));
      shipped++;
    }
    return { shipped };
  }

  /**
   * The end-of-day manifest of this DC's mailer ID: every piece shipped that
   * day with its piece type, STID (letters), tracking (IMb digits or IMpb)
   * and the serial of its Business Reply return, from the label it went out with.
   */
  async manifest(date: string | undefined) {
    const day = date ?? this.deps.clock.now().toISOString().slice(0, 10);
    const dc = await preparedFirst(this.deps.knex, DC_SQL, [this.deps.settings.get().distributionCenter]);
    if (!dc) throw new AppError('NOT_FOUND', 'This station’s distribution center is not in its cache yet; sync first.');
    const rows = await this.deps.knex.raw(MANIFEST_SQL, [dc.code, `${day}T00:00:00`, `${day}T99`]);
    const pieces = manifestPieces(dc.mailer_id, rows as Row[]);
    const title = `Manifest ${dc.code} ${day}`;
    const pdf = await manifestPdf(title, dc.mailer_id, pieces);
    return { date: day, pieces: pieces.length, files: [{ mailerId: dc.mailer_id, filename: `manifest-${dc.code}-${day}-${dc.mailer_id}`, csv: manifestCsv(dc.mailer_id, pieces), pdfBase64: pdf.toString('base64') }] };
  }

  /**
   * A returned piece checked in by its disc barcode, or by the digits of the
   * Business Reply IMb on the mailer it came back in (typed from under the
   * bars or scanned): the BRM serial is the shipment's label serial.
   */
  async checkIn(session: StationSession, barcode: string, damageReason: string | undefined) {
    const code = barcode.trim().toUpperCase();
    const byImb = await findReturnedShipment(this.deps.knex, code, this.deps.settings.get().distributionCenter);
    const disc = byImb ? await preparedFirst(this.deps.knex, DISC_BY_ID_SQL, [byImb.discId]) : await preparedFirst(this.deps.knex, DISC_SQL, [code, code]);
    if (!disc) throw AppError.because('RETURN_UNKNOWN_DISC', `No disc has barcode ${code.slice(0, 40)}.`);
    const s = await this.deps.knex('shipments as s').join('titles as t', 't.id', 's.title_id').where('s.disc_id', disc.id).whereIn('s.status', ['shipped', 'lost']).first('s.order_number', 's.customer_id', 't.name as title_name');
    if (!s) throw AppError.because('RETURN_NOT_OUT', `Disc ${disc.barcode} ("${disc.title_name}") is not out with a customer; nothing to check in.`);
    await this.deps.sync.mutate('shipment.checkIn', { discId: disc.id, ...(damageReason ? { damageReason } : {}) }, this.actor(session));
    return { orderNumber: s.order_number, titleName: s.title_name, customerId: s.customer_id, discBarcode: disc.barcode, discStatus: damageReason ? 'damaged' : 'in_stock' };
  }

  async nextFor(customerId: number, since: string) {
    const next = await this.deps.knex('shipments as s')
      .join('titles as t', 't.id', 's.title_id')
      .where({ 's.customer_id': customerId, 's.status': 'allocated' })
      .andWhere('s.created_at', '>=', since)
      .orderBy('s.created_at', 'desc')
      .first('s.order_number', 't.name as title_name');
    return next ? { orderNumber: next.order_number, titleName: next.title_name } : null;
  }

  /**
   * Prints again every label of this station's claimed batch that is on
   * record and not yet shipped (a jammed roll, a new printer): same serials,
   * each logged as a reprint with the reason.
   */
  async printBatch(session: StationSession, reason: string): Promise<{ printed: number }> {
    const rows = await preparedAll(this.deps.knex, LABELED_BATCH_SQL);
    for (const r of rows) await this.printLabel(session, r.id, 'reprinted', reason);
    return { printed: rows.length };
  }

  async retryPrinter(): Promise<PackQueue> {
    await (await this.printQueue())?.retryNow();
    return this.queue();
  }

  async close(): Promise<void> {
    await (await this.queueByPrinter?.queue)?.close();
  }

  /** The label printer's state as the queue last saw it (the pack screen polls it: a probe notices an unplugged printer within a second). */
  async printerStatus(): Promise<PackQueue['printer']> {
    const q = await this.printQueue();
    if (!q) return null;
    const s = q.status();
    return { printer: s.printer, state: s.state, pending: s.pending, lastError: s.lastError };
  }

  /** One queue per configured printer; a settings change opens the new printer's queue. */
  private async printQueue(): Promise<PrintQueue | null> {
    const printer = this.deps.settings.get().printer;
    if (!printer) return null;
    const key = JSON.stringify(printer);
    if (this.queueByPrinter?.key !== key) {
      const old = this.queueByPrinter;
      this.queueByPrinter = null;
      void old?.queue.then((q) => q.close());
      const adapter = printerFor(printer, this.deps.systemPrinting);
      const queue = PrintQueue.open({ printer: adapter, store: knexJobStore(this.deps.knex), logger: this.deps.logger, clock: this.deps.clock, onStatus: () => this.deps.onTablesChanged?.(['print_jobs']) });
      this.queueByPrinter = { key, queue };
    }
    return this.queueByPrinter.queue;
  }

  /** The shipment and distribution-center rows a label is made from, read once per scan. */
  private async labelSource(shipmentId: number): Promise<{ s: Row; dc: Row | undefined } | null> {
    const s = await preparedFirst(this.deps.knex, LABEL_SQL, [shipmentId]);
    return s ? { s, dc: await preparedFirst(this.deps.knex, DC_SQL, [s.dc]) } : null;
  }

  private labelProblem(source: { s: Row; dc: Row | undefined } | null): string | null {
    const s = source?.s;
    const dc = source?.dc;
    if (!s || !dc) return 'This station does not hold the order or its distribution center yet; sync first.';
    const built = buildLabelData({ dc: dc as LabelDistributionCenter, shipment: s as LabelShipment, serial: '1', piece: storedPieceType(s.piece_type) });
    return built.ok ? null : labelRefusal(built.errors).message;
  }

  /** Prints a label; a first print also packs the scanned disc, in the same mutation as the label event. */
  private async printLabel(
    session: StationSession,
    shipmentId: number,
    kind: 'printed' | 'reprinted',
    reason?: string,
    scanned?: { id: number; barcode: string },
    source?: { s: Row; dc: Row | undefined } | null,
  ): Promise<NonNullable<ScanOutcome['label']>> {
    const loaded = source ?? (await this.labelSource(shipmentId));
    const s = loaded?.s;
    if (!s) throw new AppError('NOT_FOUND', `Order ${shipmentId} is not on this station.`);
    if (kind === 'reprinted' && (!s.label_serial || !['labeled', 'packed'].includes(s.status))) throw new AppError('CONFLICT', `Order ${s.order_number} has no label to reprint.`);
    const dc = loaded?.dc;
    if (!dc) throw new AppError('NOT_FOUND', `Distribution center ${s.dc} is not in this station’s cache yet; sync first.`);
    const serial =
      kind === 'reprinted'
        ? String(s.label_serial)
        : await takeSerial(this.deps.knex, dc.mailer_id, async () => {
            if (session.apiToken) await refillSerials(this.deps.knex, this.deps.central, session.apiToken);
          });
    const built = buildLabelData({ dc: dc as LabelDistributionCenter, shipment: s as LabelShipment, serial, piece: storedPieceType(s.piece_type) });
    if (!built.ok) throw labelRefusal(built.errors);
    const postal = labelPostalRecord(built.label);
    const printerSettings = this.deps.settings.get().printer;
    const printer = printerSettings?.name ?? null;
    const actor = this.actor(session);
    // The printer is resolved before anything changes: a printer this host cannot drive refuses the scan cleanly.
    const queue = await this.printQueue();
    // The change is recorded next: a job is only queued for an order whose label the station has on record.
    const piece = { pieceType: postal.piece, stid: postal.stid, returnSerial: postal.returnSerial };
    if (kind === 'printed' && scanned) await this.deps.sync.mutate('shipment.packAndLabel', { shipmentId, discId: scanned.id, labelSerial: serial, printer, ...piece }, actor);
    else await this.deps.sync.mutate('labelEvent.record', { shipmentId, kind, serial, printer, ...(reason ? { reason } : {}), ...piece }, actor);
    if (queue && printerSettings) {
      await queue.enqueue(await labelJob(`${s.order_number}-${serial}-${kind}-${this.deps.clock.now().getTime()}`, built.label, queue.printer.accepts));
    }
    const tracking = built.label.piece === 'parcel' ? formatImpbTracking(built.label.impb.tracking) : formatTrackingDigits(built.label.imb.tracking, built.label.imb.routing);
    return { serial, tracking, pieceType: postal.piece, printer: printerSettings?.name ?? null, queued: !!queue };
  }
}

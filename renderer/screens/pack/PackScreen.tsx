import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import type { PackQueue, ScanOutcome, Shift } from '../../../core/packing/schemas';
import { commandOfKey, commandOfScan, packCommand, type PackCommandName } from '../../../core/packing/commands';
import type { Reason } from '../../../core/errors';
import { call } from '../../api/client';
import { shipMessage } from './ship-message';
import { plural } from '../../components/plural';
import { DownloadLink } from '../../components/DownloadLink';
import { ErrorMessage } from '../../components/ErrorMessage';
import { playScanFeedback } from '../../components/feedback-sound';
import { useTablesChanged } from '../../store/table-changes';
import { useAction } from '../../components/use-call';
import { BarcodeSchema, ReasonSchema } from '../../../core/packing/schemas';
import { maxLengthOf } from '../../../core/text';

/** What the pack queue is read from: it reads again when one of these changes at the station. */
const PACK_QUEUE_TABLES = ['shipments', 'label_events', 'discs', 'pack_claims', 'print_jobs', 'outbox'];

type Pending = { kind: 'reprint' | 'void' | 'batch'; shipmentId: number; orderNumber: string } | null;

/**
 * What the big result panel says: `match` only for a scan whose disc matched
 * its order, `mismatch` for a refused scan, `done` for what an action did
 * (a reprint, a void, a batch, a ship), never dressed up as a match.
 */
type Shown = { kind: 'match' | 'mismatch' | 'done'; outcome: ScanOutcome };

/** Same floor as `ReasonSchema` (core/packing/schemas.ts), said before the round trip so the panel stays open. */
const REASON_MIN = 3;

/** The heading of a refused scan: a disc problem is a wrong disc; anything else stops the order itself. */
function refusalHeading(reason: Reason | null): string {
  return reason?.startsWith('DISC_') ? 'Wrong disc' : 'Cannot pack';
}

const PRINTER_POLL_MS = 1000;
/** The shift counter reads again on every change of the station's tables, and at least this often for the turn of the hour. */
const SHIFT_POLL_MS = 60_000;

/** A button's key hint, seen and announced (`aria-keyshortcuts`). */
function KeyHint({ name }: { name: PackCommandName }) {
  return <kbd className="key-hint">{packCommand(name).key}</kbd>;
}

/**
 * The packing line, by scanner and keyboard alone: the scan box keeps the
 * focus, a scanner types the barcode and Enter, and the answer is a colour,
 * a sound and words. Nothing advances on a mismatch.
 */
export function PackScreen() {
  const [queue, setQueue] = useState<PackQueue | null>(null);
  const [selected, setSelected] = useState<number | null>(null);
  const [barcode, setBarcode] = useState('');
  const [shown, setShown] = useState<Shown | null>(null);
  const outcome = shown?.outcome ?? null;
  const [pending, setPending] = useState<Pending>(null);
  const [reason, setReason] = useState('');
  const [manifest, setManifest] = useState<Awaited<ReturnType<typeof call<'packing.manifest'>>> | null>(null);
  const scanInput = useRef<HTMLInputElement>(null);
  const root = useRef<HTMLDivElement>(null);
  const [shift, setShift] = useState<Shift | null>(null);
  const [cards, setCards] = useState<{ filename: string; pdfBase64: string } | null>(null);
  // The printer's state, asked every second (the station probes a network printer twice a second): an unplugged Zebra shows within 2 s.
  const [printerState, setPrinterState] = useState<PackQueue['printer'] | undefined>(undefined);
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout>;
    const poll = () =>
      void call('labels.printerStatus', {})
        .then((p) => {
          if (!stopped) setPrinterState(p);
        })
        .catch(() => undefined)
        .finally(() => {
          if (!stopped) timer = setTimeout(poll, PRINTER_POLL_MS);
        });
    poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, []);

  const readShift = useCallback(() => void call('packing.shift', {}).then(setShift, () => undefined), []);
  const load = useAction(
    useCallback(async () => {
      setQueue(await call('packing.queue', {}));
      readShift();
    }, [readShift]),
  );
  const claim = useAction(async () => {
    const { released, ...claimed } = await call('packing.claim', { count: 5 });
    setQueue(claimed);
    // Orders the central office gave back after this station sat idle: said, never silently dropped.
    if (released.length > 0) {
      done(
        `${released.length === 1 ? `Order ${released[0]} was` : `Orders ${released.join(', ')} were`} given back to the pool: this station sat idle too long. Another station may pack ${released.length === 1 ? 'it' : 'them'}.`,
      );
    }
  });
  const action = useAction(async (run: () => Promise<unknown>) => {
    await run();
    setQueue(await call('packing.queue', {}));
    readShift();
  });

  useEffect(() => {
    void load.run();
  }, [load.run]);
  // Again whenever the station's orders change: another station's pack, a cancellation pulled from the central office,
  // a change refused there, a claim from another window of this station, the printer's queue.
  useTablesChanged(PACK_QUEUE_TABLES, () => void load.run());
  useEffect(() => {
    const timer = setInterval(readShift, SHIFT_POLL_MS);
    return () => clearInterval(timer);
  }, [readShift]);
  // The scan box takes the focus back after every answer, action and dialog (a scanner types wherever the focus is).
  useEffect(() => {
    if (!pending) scanInput.current?.focus();
  }, [pending, queue, shown, manifest, cards]);

  // The newest word on the printer: the poll's, or the queue's until the first poll answers.
  const printer = printerState === undefined ? queue?.printer : printerState;
  const open = queue?.items.filter((i) => i.status === 'allocated' || i.status === 'picked') ?? [];
  const current = queue?.items.find((i) => i.shipmentId === selected && (i.status === 'allocated' || i.status === 'picked')) ?? open[0] ?? null;
  const labeled = queue?.items.filter((i) => i.status === 'labeled') ?? [];

  const scan = async (e: FormEvent) => {
    e.preventDefault();
    // The input's own value: a scanner's burst and its Enter can arrive before React has rendered the last keystroke.
    const code = scanInput.current?.value ?? barcode;
    if (!code.trim()) return;
    setBarcode('');
    const command = commandOfScan(code);
    if (command) {
      run(command.name);
      return;
    }
    if (!current) {
      action.setError({ code: 'NOT_FOUND', message: `No order is waiting to be packed. Claim the next orders first (${packCommand('claim').key}, or scan the claim card).` });
      return;
    }
    await action.run(async () => {
      const result = await call('packing.scan', { shipmentId: current.shipmentId, barcode: code });
      setShown({ kind: result.ok ? 'match' : 'mismatch', outcome: result });
      playScanFeedback(result.ok);
    });
  };

  const done = (message: string, label: ScanOutcome['label'] = null) => setShown({ kind: 'done', outcome: { ok: true, reason: null, message, label } });

  const confirm = async (e: FormEvent, then?: 'requeue' | 'cancel') => {
    e.preventDefault();
    if (!pending) return;
    const p = pending;
    const why = reason.trim();
    if (why.length < REASON_MIN) {
      // The panel stays open with what was typed: the packer only adds the reason.
      action.setError({ code: 'INVALID_INPUT', message: 'Say why in a few words (for example “label jammed”), then press Enter.' });
      return;
    }
    await action.run(async () => {
      if (p.kind === 'reprint') {
        const r = await call('packing.reprint', { shipmentId: p.shipmentId, reason: why });
        done(`Reprinted the label of order ${p.orderNumber} with the same serial ${r.label?.serial ?? ''}.`, r.label);
      } else if (p.kind === 'batch') {
        const { printed } = await call('packing.printBatch', { reason: why });
        done(`${printed} label${printed === 1 ? '' : 's'} of this batch sent to the printer again, same serials.`);
      } else {
        await call('packing.voidLabel', { shipmentId: p.shipmentId, reason: why, then: then ?? 'requeue' });
        done(then === 'cancel' ? `Voided the label of order ${p.orderNumber} and cancelled the order; the disc goes back to stock.` : `Voided the label of order ${p.orderNumber}; the order is back in the queue to pack again.`);
      }
      // Closed with the answer, not after the queue's refresh: a panel the packer opens meanwhile (void, right after
      // a reprint) must not be closed by this one's ending.
      setPending(null);
      setReason('');
    });
  };

  /** Opens the reason panel for one action; a reason typed for another order or action does not carry over. */
  const openPanel = (next: NonNullable<Pending>) => {
    setReason('');
    // Keys typed while the panel was opening (F4 then the reason at once) landed in the scan box: they are no
    // barcode, and left there they would be glued to the front of the next scan.
    setBarcode('');
    setPending(next);
  };

  const shipAll = () => {
    if (labeled.length === 0) {
      done('Nothing to mark shipped: no order of this batch has a label waiting.');
      return;
    }
    void action.run(async () => {
      const result = await call('packing.ship', { shipmentIds: labeled.map((l) => l.shipmentId) });
      done(shipMessage(result));
    });
  };

  /** "Reprint last" and "void last": this station's latest label not yet shipped, asked fresh (another window may have packed since). */
  const onLast = (kind: 'reprint' | 'void') =>
    void action.run(async () => {
      const { last } = await call('packing.shift', {});
      if (!last) {
        done(`No label to ${kind} yet: this station has not labeled an order that is still here.`);
        return;
      }
      openPanel({ kind, shipmentId: last.shipmentId, orderNumber: last.orderNumber });
    });

  const closePanel = () => {
    setPending(null);
    setReason('');
    action.setError(null);
  };

  const manifestNow = () => void action.run(async () => setManifest(await call('packing.manifest', {})));

  /** One place for what a key, a button and a command card do. */
  const run = (name: PackCommandName) => {
    if (name === 'claim') void claim.run();
    else if (name === 'reprintLast') onLast('reprint');
    else if (name === 'voidLast') onLast('void');
    else if (name === 'shipAll') shipAll();
    else manifestNow();
  };
  // The key listener is set once and calls the newest `run` (with this render's queue).
  const runRef = useRef(run);
  runRef.current = run;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const command = commandOfKey(e);
      if (!command) return;
      // Only while this screen has the packer: not under the lock screen or a dialog elsewhere.
      const target = e.target as Node | null;
      if (target !== document.body && !root.current?.contains(target)) return;
      e.preventDefault();
      runRef.current(command.name);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  // A label on record whose job has not reached the printer: said in amber until the printer takes it.
  // Retrying counts too: a printer that refused the first try is offline to the packer, not ten seconds later.
  const printerDown = printer?.state === 'offline' || (printer?.state === 'printing' && printer.lastError !== null);
  const notPrinted = shown?.outcome.label?.queued === true && printerDown && (printer?.pending ?? 0) > 0;

  const scanForm = (
    <form onSubmit={(e) => void scan(e)}>
      <label htmlFor="pack-scan-input">{current ? 'Scan the disc' : 'Scan a command card'}</label>
      <input maxLength={maxLengthOf(BarcodeSchema)} id="pack-scan-input" ref={scanInput} data-testid="pack-scan-input" autoComplete="off" value={barcode} onChange={(e) => setBarcode(e.target.value)} />
    </form>
  );

  return (
    <div className="pack" ref={root}>
      <section aria-labelledby="pack-title" className="pack-main">
        <h1 id="pack-title">Pack station</h1>
        <div className="toolbar">
          <button type="button" data-testid="pack-claim" aria-keyshortcuts={packCommand('claim').key} onClick={() => run('claim')} disabled={claim.busy}>
            Claim next orders <KeyHint name="claim" />
          </button>
          <span data-testid="pack-printer-status" data-state={printer?.state ?? 'none'} className={printer?.state === 'offline' ? 'warn' : ''} title={printer?.lastError ?? undefined}>
            {printer ? `Printer ${printer.printer}: ${printer.state}${printer.pending ? ` (${printer.pending} waiting)` : ''}` : 'No printer configured'}
          </span>
          {printer?.state === 'offline' && (
            <button type="button" className="secondary" data-testid="pack-retry-printer" onClick={() => void action.run(() => call('packing.retryPrinter', {}))}>
              Retry printer
            </button>
          )}
        </div>
        {printer?.state === 'offline' && printer.lastError && (
          <p className="warn" role="alert" data-testid="pack-printer-problem">
            {printer.lastError}. Labels wait in the queue and print when it answers.
          </p>
        )}
        {shift && (
          <dl className="pack-shift" data-testid="pack-shift" title={`Labels this station printed, counted on the ${shift.timeZone} clock`}>
            <div>
              <dt>This hour</dt>
              <dd data-testid="pack-shift-hour">{shift.hour}</dd>
            </div>
            <div>
              <dt>Today</dt>
              <dd data-testid="pack-shift-today">{shift.today}</dd>
            </div>
            <div>
              <dt>Per hour</dt>
              <dd data-testid="pack-shift-rate">{shift.perHour}</dd>
            </div>
          </dl>
        )}
        <ErrorMessage error={claim.error ?? load.error ?? action.error} testId="pack-error" />

        <div className={`pack-stage${shown ? ' with-result' : ''}`}>
          {shown && outcome && (
            <div className={`scan-result big ${shown.kind}`} role="status" data-testid="pack-scan-result" data-result={shown.kind} data-reason={outcome.reason ?? ''}>
              <p className="scan-result-head">
                <span className="scan-result-icon" aria-hidden="true">
                  {shown.kind === 'match' ? '✓' : shown.kind === 'mismatch' ? '✗' : '•'}
                </span>
                <strong>{shown.kind === 'match' ? 'Match' : shown.kind === 'mismatch' ? refusalHeading(outcome.reason) : 'Done'}</strong>
              </p>
              <p className="scan-result-words">{outcome.message}</p>
              {outcome.label && (
                <span data-testid="pack-label-serial">
                  {' '}
                  Label serial {outcome.label.serial} · {outcome.label.pieceType === 'parcel' ? 'USPS tracking' : 'IMb'} {outcome.label.tracking}
                </span>
              )}
              {notPrinted && (
                <p className="not-printed" data-testid="pack-not-printed">
                  Not printed yet — printer offline. It prints when the printer answers.
                </p>
              )}
            </div>
          )}

          {current ? (
            <article className="pack-current" data-testid="pack-current" data-order={current.orderNumber}>
              <p className="muted">Order {current.orderNumber} · ship by {current.shipBy.slice(0, 10)}</p>
              <h2 data-testid="pack-expected-title">{current.titleName}</h2>
              <p data-testid="pack-piece-type" data-piece={current.pieceType}>
                {current.pieceType === 'parcel' ? 'Packs in a box: the label is a 4x6 parcel label (Media Mail).' : 'Packs in the letter mailer: two labels, outbound and Business Reply.'}
              </p>
              <p>
                {current.shipName}
                <br />
                {current.deliveryLine}
                <br />
                {current.lastLine}
              </p>
              {!current.ageCertified && <p className="warn">Customer not age-certified: this order cannot be packed.</p>}
              {scanForm}
            </article>
          ) : (
            <div className="pack-current" data-testid="pack-empty">
              <p>
                No claimed orders waiting. Claim the next orders: press {packCommand('claim').key} or scan the claim card.
              </p>
              {scanForm}
            </div>
          )}

        </div>

        {pending && (
          <form
            className="pack-action"
            data-testid="pack-action-panel"
            onSubmit={(e) => void confirm(e)}
            onKeyDown={(e) => {
              if (e.key === 'Escape') closePanel();
            }}
          >
            <label htmlFor="pack-reason-input">
              {pending.kind === 'batch' ? 'Why print the whole batch again?' : `Why ${pending.kind === 'reprint' ? 'reprint' : 'void'} the label of ${pending.orderNumber}?`}
            </label>
            <input maxLength={maxLengthOf(ReasonSchema)} id="pack-reason-input" data-testid="pack-reason-input" autoFocus value={reason} onChange={(e) => setReason(e.target.value)} />
            {pending.kind !== 'void' ? (
              <button type="submit" data-testid="pack-action-confirm">
                {pending.kind === 'batch' ? 'Print batch again' : 'Reprint'}
              </button>
            ) : (
              <>
                <button type="submit" data-testid="pack-action-confirm">
                  Void and re-queue
                </button>
                <button type="button" className="secondary" data-testid="pack-action-cancel-order" onClick={(e) => void confirm(e, 'cancel')}>
                  Void and cancel the order
                </button>
              </>
            )}
            <button type="button" className="secondary" data-testid="pack-action-close" aria-keyshortcuts="Escape" onClick={closePanel}>
              Back <kbd className="key-hint">Esc</kbd>
            </button>
          </form>
        )}
      </section>

      <section aria-labelledby="pack-queue-title" className="pack-side">
        <h2 id="pack-queue-title">Claimed orders ({queue?.items.length ?? 0})</h2>
        <ul className="plain" data-testid="pack-queue">
          {queue?.items.map((i) => (
            <li
              key={i.shipmentId}
              data-testid={`pack-queue-row-${i.orderNumber}`}
              data-status={i.status}
              data-current={current?.shipmentId === i.shipmentId ? 'true' : undefined}
              aria-current={current?.shipmentId === i.shipmentId ? 'true' : undefined}
              className={current?.shipmentId === i.shipmentId ? 'current' : undefined}
            >
              <button type="button" className="linklike" onClick={() => setSelected(i.shipmentId)} disabled={i.status !== 'allocated'}>
                {i.orderNumber} · {i.titleName}
              </button>{' '}
              <span className="muted">{i.status}</span>
              {i.status === 'labeled' && (
                <>
                  {' '}
                  <button type="button" className="secondary small" data-testid={`pack-reprint-${i.orderNumber}`} onClick={() => openPanel({ kind: 'reprint', shipmentId: i.shipmentId, orderNumber: i.orderNumber })}>
                    Reprint
                  </button>{' '}
                  <button type="button" className="secondary small" data-testid={`pack-void-${i.orderNumber}`} onClick={() => openPanel({ kind: 'void', shipmentId: i.shipmentId, orderNumber: i.orderNumber })}>
                    Void
                  </button>
                </>
              )}
            </li>
          ))}
        </ul>
        <div className="toolbar">
          <button type="button" data-testid="pack-ship-all" aria-keyshortcuts={packCommand('shipAll').key} disabled={labeled.length === 0} onClick={() => run('shipAll')}>
            Mark {labeled.length} labeled shipped <KeyHint name="shipAll" />
          </button>
          <button type="button" className="secondary" data-testid="pack-reprint-last" aria-keyshortcuts={packCommand('reprintLast').key} onClick={() => run('reprintLast')}>
            Reprint last <KeyHint name="reprintLast" />
          </button>
          <button type="button" className="secondary" data-testid="pack-void-last" aria-keyshortcuts={packCommand('voidLast').key} onClick={() => run('voidLast')}>
            Void last <KeyHint name="voidLast" />
          </button>
          <button type="button" className="secondary" data-testid="pack-print-batch" disabled={labeled.length === 0} onClick={() => openPanel({ kind: 'batch', shipmentId: 0, orderNumber: '' })}>
            Print batch labels again
          </button>
          <button type="button" className="secondary" data-testid="pack-manifest" aria-keyshortcuts={packCommand('manifest').key} onClick={() => run('manifest')}>
            End-of-day manifest <KeyHint name="manifest" />
          </button>
          <button type="button" className="secondary" data-testid="pack-command-cards" onClick={() => void action.run(async () => setCards(await call('packing.commandCards', {})))}>
            Command cards to print
          </button>
        </div>
        {cards && (
          <p>
            Print these and keep them at the bench: <DownloadLink filename={cards.filename} content={cards.pdfBase64} base64 mimeType="application/pdf" testId="pack-command-cards-pdf" />
          </p>
        )}
        {manifest && (
          <div data-testid="pack-manifest-files">
            <p>
              {plural(manifest.pieces, 'piece', 'pieces')} on {manifest.date}
            </p>
            {manifest.files.map((f) => (
              <p key={f.mailerId}>
                Mailer {f.mailerId}: <DownloadLink filename={`${f.filename}.csv`} content={f.csv} mimeType="text/csv" testId={`pack-manifest-csv-${f.mailerId}`} /> ·{' '}
                <DownloadLink filename={`${f.filename}.pdf`} content={f.pdfBase64} base64 mimeType="application/pdf" testId={`pack-manifest-pdf-${f.mailerId}`} />
              </p>
            ))}
          </div>
        )}
      </section>
    </div>
  );
}

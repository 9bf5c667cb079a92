import { useRef, useState, type FormEvent } from 'react';
import { call } from '../../api/client';
import { ErrorMessage } from '../../components/ErrorMessage';
import { playScanFeedback } from '../../components/feedback-sound';
import { useAction } from '../../components/use-call';
import { ReasonSchema, ReturnedPieceSchema } from '../../../core/packing/schemas';
import { maxLengthOf } from '../../../core/text';

type CheckIn = Awaited<ReturnType<typeof call<'returns.checkIn'>>>;
type NextTitle = { orderNumber: string; titleName: string };

/** Same floor as `ReasonSchema` (core/packing/schemas.ts), said before the round trip. */
const REASON_MIN = 3;

/**
 * Returned discs, scanned back in (or booked damaged with what is damaged);
 * the next title from the customer's queue follows from the central office.
 * Enter in any field, or the button, submits; each result replaces the one
 * before, and the next title shown is always the one of the last return.
 */
export function ReturnsScreen() {
  const [barcode, setBarcode] = useState('');
  const [damaged, setDamaged] = useState(false);
  const [damageReason, setDamageReason] = useState('');
  const [result, setResult] = useState<CheckIn | null>(null);
  const [next, setNext] = useState<NextTitle | null | 'waiting'>(null);
  const input = useRef<HTMLInputElement>(null);
  const reasonInput = useRef<HTMLInputElement>(null);
  // The return each answer belongs to: a slow "next title" of an earlier return never lands under a later one.
  const latest = useRef(0);

  const checkIn = useAction(async (code: string, reason: string | null) => {
    const mine = ++latest.current;
    setResult(null);
    setNext(null);
    let r: CheckIn;
    try {
      r = await call('returns.checkIn', { barcode: code, ...(reason !== null ? { damageReason: reason } : {}) });
    } catch (err) {
      playScanFeedback(false);
      input.current?.focus();
      throw err;
    }
    if (latest.current !== mine) return;
    setResult(r);
    playScanFeedback(true);
    setDamaged(false);
    setDamageReason('');
    input.current?.focus();
    setNext('waiting');
    // The allocation happens centrally: push the return, pull what came back.
    await call('sync.now', {}).catch(() => undefined);
    const n = await call('returns.nextFor', { customerId: r.customerId, since: r.checkedInAt });
    if (latest.current === mine) setNext(n);
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const code = barcode.trim();
    if (!code) {
      checkIn.setError({ code: 'INVALID_INPUT', message: 'Scan the returned disc first, or type the digits under the return barcode.' });
      input.current?.focus();
      return;
    }
    const reason = damaged ? damageReason.trim() : null;
    if (reason !== null && reason.length < REASON_MIN) {
      // The disc stays in the box: nothing is sent until the damage is described.
      checkIn.setError({ code: 'INVALID_INPUT', message: 'Say what is damaged (for example “cracked hub”), then press Enter.' });
      setResult(null);
      setNext(null);
      reasonInput.current?.focus();
      return;
    }
    setBarcode('');
    void checkIn.run(code, reason);
  };

  return (
    <section aria-labelledby="returns-title" className="returns">
      <h1 id="returns-title">Returns</h1>
      <form onSubmit={submit} className="form-grid" data-testid="returns-form">
        <label htmlFor="returns-scan-input">Scan the returned disc, or type the digits under the mailer’s return barcode</label>
        <input maxLength={maxLengthOf(ReturnedPieceSchema)} id="returns-scan-input" ref={input} autoFocus data-testid="returns-scan-input" autoComplete="off" value={barcode} onChange={(e) => setBarcode(e.target.value)} />
        <label htmlFor="returns-damaged">Disc is damaged</label>
        <input
          id="returns-damaged"
          type="checkbox"
          data-testid="returns-damaged"
          checked={damaged}
          onChange={(e) => {
            setDamaged(e.target.checked);
            if (e.target.checked) setTimeout(() => reasonInput.current?.focus(), 0);
          }}
        />
        {damaged && (
          <>
            <label htmlFor="returns-damage-reason">What is damaged</label>
            <input maxLength={maxLengthOf(ReasonSchema)} id="returns-damage-reason" ref={reasonInput} data-testid="returns-damage-reason" autoComplete="off" value={damageReason} onChange={(e) => setDamageReason(e.target.value)} />
          </>
        )}
        <span />
        <button type="submit" data-testid="returns-submit" disabled={checkIn.busy}>
          {damaged ? 'Book damaged' : 'Check in'}
        </button>
      </form>
      <ErrorMessage error={checkIn.error} testId="returns-error" />
      {result && (
        <div className={`scan-result ${result.discStatus === 'damaged' ? 'damaged' : 'match'}`} role="status" data-testid="returns-result" data-disc-status={result.discStatus}>
          Checked in {result.discBarcode} (“{result.titleName}”, order {result.orderNumber}): {result.discStatus === 'damaged' ? 'booked damaged' : 'back in stock'}.
          {result.reportedProblem && (
            <p data-testid="returns-reported-problem">
              Expected: {result.reportedProblem}.{result.discStatus === 'damaged' ? '' : ' Check that the disc matches the title on its sleeve.'}
            </p>
          )}
        </div>
      )}
      {next === 'waiting' && <p data-testid="returns-next-waiting">Asking the central office for the next title…</p>}
      {next && next !== 'waiting' && result && (
        <p data-testid="returns-next" data-for-order={result.orderNumber}>
          Next title allocated: <strong>{next.titleName}</strong> (order {next.orderNumber}).
        </p>
      )}
      {result && next === null && <p data-testid="returns-next-none">No next title allocated yet (queue empty, plan limit, or offline: it follows at the next sync).</p>}
    </section>
  );
}

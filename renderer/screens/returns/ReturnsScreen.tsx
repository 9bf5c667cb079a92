import { useRef, useState, type FormEvent } from 'react';
import { call } from '../../api/client';
import { ErrorMessage } from '../../components/ErrorMessage';
import { playScanFeedback } from '../../components/feedback-sound';
import { useAction } from '../../components/use-call';

type CheckIn = Awaited<ReturnType<typeof call<'returns.checkIn'>>>;

/** Returned discs, scanned back in; the next title from the customer's queue follows from the central office. */
export function ReturnsScreen() {
  const [barcode, setBarcode] = useState('');
  const [damaged, setDamaged] = useState(false);
  const [damageReason, setDamageReason] = useState('');
  const [result, setResult] = useState<CheckIn | null>(null);
  const [next, setNext] = useState<{ orderNumber: string; titleName: string } | null | 'waiting'>(null);
  const input = useRef<HTMLInputElement>(null);

  const checkIn = useAction(async (code: string) => {
    const since = new Date(Date.now() - 60_000).toISOString();
    try {
      const r = await call('returns.checkIn', { barcode: code, ...(damaged ? { damageReason } : {}) });
      setResult(r);
      playScanFeedback(true);
      setNext('waiting');
      // The allocation happens centrally: push the return, pull what came back.
      await call('sync.now', {}).catch(() => undefined);
      setNext(await call('returns.nextFor', { customerId: r.customerId, since }));
    } catch (err) {
      playScanFeedback(false);
      setResult(null);
      throw err;
    } finally {
      setDamaged(false);
      setDamageReason('');
      input.current?.focus();
    }
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const code = barcode;
    setBarcode('');
    if (code.trim()) void checkIn.run(code);
  };

  return (
    <section aria-labelledby="returns-title" className="returns">
      <h1 id="returns-title">Returns</h1>
      <form onSubmit={submit} className="form-grid">
        <label htmlFor="returns-scan-input">Scan the returned disc, or type the digits under the mailer’s return barcode</label>
        <input id="returns-scan-input" ref={input} autoFocus data-testid="returns-scan-input" autoComplete="off" value={barcode} onChange={(e) => setBarcode(e.target.value)} />
        <label htmlFor="returns-damaged">Disc is damaged</label>
        <input id="returns-damaged" type="checkbox" data-testid="returns-damaged" checked={damaged} onChange={(e) => setDamaged(e.target.checked)} />
        {damaged && (
          <>
            <label htmlFor="returns-damage-reason">What is damaged</label>
            <input id="returns-damage-reason" data-testid="returns-damage-reason" value={damageReason} onChange={(e) => setDamageReason(e.target.value)} />
          </>
        )}
      </form>
      <ErrorMessage error={checkIn.error} testId="returns-error" />
      {result && (
        <div className="scan-result match" role="status" data-testid="returns-result">
          Checked in {result.discBarcode} (“{result.titleName}”, order {result.orderNumber}): {result.discStatus === 'damaged' ? 'booked damaged' : 'back in stock'}.
        </div>
      )}
      {next === 'waiting' && <p data-testid="returns-next-waiting">Asking the central office for the next title…</p>}
      {next && next !== 'waiting' && (
        <p data-testid="returns-next">
          Next title allocated: <strong>{next.titleName}</strong> (order {next.orderNumber}).
        </p>
      )}
      {result && next === null && <p data-testid="returns-next-none">No next title allocated yet (queue empty, plan limit, or offline: it follows at the next sync).</p>}
    </section>
  );
}

import { useEffect, useRef } from 'react';
import { AccessReasonSchema, SearchInputSchema, type AccessReason } from '../../../core/lookup/schemas';
import { maySeeContactDetails } from '../../../core/lookup/visibility';
import { maxLengthOf } from '../../../core/text';
import { ErrorMessage } from '../../components/ErrorMessage';
import { useSession } from '../../store/session-store';
import { Customer360Panel } from './Customer360Panel';
import { useLookup } from './lookup-store';
import { ResultList } from './ResultList';
import { ShipmentPanel } from './ShipmentPanel';

const REASON_LABELS: Record<AccessReason, string> = {
  phone_call: 'Phone call',
  email: 'Email from the customer',
  postal_mail: 'Letter from the customer',
  follow_up: 'Follow-up',
  other: 'Other',
};

/** `/` focuses the box from anywhere, arrows move, Enter opens, Esc clears. */
/** The search box holds what the search accepts (core/lookup/schemas.ts). */
const SEARCH_MAX = maxLengthOf(SearchInputSchema.shape.query);

export function LookupScreen() {
  const input = useRef<HTMLInputElement>(null);
  const role = useSession((s) => s.session?.staff.role);
  const { query, reason, result, opened, error, setQuery, setReason, move, openActive, clear, open } = useLookup();

  useEffect(() => {
    input.current?.focus();
    const onKey = (e: KeyboardEvent) => {
      const typing = e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement || e.target instanceof HTMLSelectElement;
      if (e.key === '/' && !typing) {
        e.preventDefault();
        input.current?.focus();
        input.current?.select();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const empty = result && result.customers.length + result.shipments.length + result.titles.length === 0;
  return (
    <div className="lookup">
      <section className="lookup-search" aria-labelledby="lookup-title">
        <h1 id="lookup-title">Lookup</h1>
        <label htmlFor="lookup-search-input">
          Order number, disc barcode, {role && maySeeContactDetails(role) ? 'email, phone, ' : ''}name or title
        </label>
        <input
          id="lookup-search-input"
          ref={input}
          data-testid="lookup-search-input"
          type="search"
          role="combobox"
          aria-expanded={!!result}
          aria-controls="lookup-results"
          aria-keyshortcuts="/"
          autoComplete="off"
          maxLength={SEARCH_MAX}
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown') (e.preventDefault(), move(1));
            else if (e.key === 'ArrowUp') (e.preventDefault(), move(-1));
            else if (e.key === 'Enter') (e.preventDefault(), openActive());
            else if (e.key === 'Escape') (e.preventDefault(), clear());
          }}
        />
        {role && maySeeContactDetails(role) && (
          <>
            <label htmlFor="lookup-reason">Reason for opening a customer</label>
            <select id="lookup-reason" data-testid="lookup-reason" value={reason} onChange={(e) => setReason(AccessReasonSchema.parse(e.target.value))}>
              {AccessReasonSchema.options.map((r) => (
                <option key={r} value={r}>
                  {REASON_LABELS[r]}
                </option>
              ))}
            </select>
          </>
        )}
        {result?.notice && (
          <p className="notice" role="status" data-testid="lookup-notice">
            {result.notice}
          </p>
        )}
        <ErrorMessage error={error} testId="lookup-error" />
        {empty && (
          <div data-testid="lookup-empty" role="status" className="lookup-empty">
            <p>
              Nothing found. <span data-testid="lookup-searched">{result.noMatch?.searched ?? ''}</span>
            </p>
            {result.noMatch && result.noMatch.closest.length > 0 && (
              <>
                <p>Closest names:</p>
                <ul className="plain" data-testid="lookup-closest">
                  {result.noMatch.closest.map((c) => (
                    <li key={c.id}>
                      <button type="button" className="linklike" data-testid={`lookup-closest-${c.id}`} onClick={() => open({ kind: 'customer', id: c.id })}>
                        {c.fullName} <span className="muted">#{c.id}{c.city ? ` · ${c.city}, ${c.state ?? ''}` : ''}</span>
                      </button>
                    </li>
                  ))}
                </ul>
              </>
            )}
          </div>
        )}
        <ResultList />
      </section>
      <section className="lookup-detail" aria-label="Details">
        {opened?.kind === 'customer' && <Customer360Panel customerId={opened.id} />}
        {opened?.kind === 'shipment' && <ShipmentPanel shipmentId={opened.id} />}
        {!opened && <p className="muted">Search, then press Enter or click a result to open it.</p>}
      </section>
    </div>
  );
}

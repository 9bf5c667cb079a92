import { useState, type FormEvent } from 'react';
import type { DownloadFile } from '../../../core/privacy/files';
import type { Statement } from '../../../core/privacy/statements';
import { call } from '../../api/client';
import { ErrorMessage } from '../../components/ErrorMessage';
import { FieldNote, fieldAria, formLevel, issueFor } from '../../components/fields';
import { useAction } from '../../components/use-call';
import { DownloadFiles } from './DownloadFiles';
import { RecipientSchema } from '../../../core/privacy/common';
import { maxLengthOf } from '../../../core/text';

/**
 * Customer quotes for marketing. policy: literal statements disclosed on an
 * anonymous basis: no name or pseudonym, nothing finer than a state or a month.
 */
export function StatementsTab() {
  const [minStars, setMinStars] = useState(4);
  const [limit, setLimit] = useState(25);
  const [recipient, setRecipient] = useState('');
  const [statements, setStatements] = useState<Statement[] | null>(null);
  const [file, setFile] = useState<DownloadFile | null>(null);
  const selection = () => ({ minStars, limit });
  const preview = useAction(async () => {
    setStatements((await call('privacy.statements.preview', selection())).statements);
    setFile(null);
  });
  const exportCsv = useAction(async () => setFile((await call('privacy.statements.export', { selection: selection(), recipient })).file));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void preview.run();
  };
  return (
    <div className="stack">
      <form className="form-grid" onSubmit={submit} aria-label="Customer quotes">
        <label htmlFor="privacy-statements-min-stars">At least this many stars</label>
        <input id="privacy-statements-min-stars" data-testid="privacy-statements-min-stars" type="number" min={1} max={5} value={minStars} onChange={(e) => setMinStars(Number(e.target.value))} />
        <label htmlFor="privacy-statements-limit">How many quotes</label>
        <input id="privacy-statements-limit" data-testid="privacy-statements-limit" type="number" min={1} max={200} value={limit} onChange={(e) => setLimit(Number(e.target.value))} />
        <div />
        <button type="submit" data-testid="privacy-statements-preview" disabled={preview.busy}>
          Show anonymized quotes
        </button>
      </form>
      <ErrorMessage error={preview.error} testId="privacy-statements-error" />
      {statements && (
        <>
          <ol className="quotes" data-testid="privacy-statements-list">
            {statements.map((s, i) => (
              <li key={i}>
                <blockquote>“{s.quote}”</blockquote>
                <p className="muted">
                  {s.attribution}, on <em>{s.titleName}</em> ({s.stars} stars){s.removed > 0 ? ` · ${s.removed} detail${s.removed === 1 ? '' : 's'} removed` : ''}
                </p>
              </li>
            ))}
          </ol>
          {statements.length === 0 && <p className="muted">No published review matches.</p>}
          <form
            className="toolbar"
            aria-label="Export the quotes"
            onSubmit={(e) => {
              e.preventDefault();
              void exportCsv.run();
            }}
          >
            <label htmlFor="privacy-statements-recipient">Recipient</label>
            <input maxLength={maxLengthOf(RecipientSchema)} id="privacy-statements-recipient" data-testid="privacy-statements-recipient" value={recipient} onChange={(e) => setRecipient(e.target.value)} {...fieldAria('privacy-statements-recipient', issueFor(exportCsv.error, 'recipient'))} />
            <FieldNote id="privacy-statements-recipient" error={issueFor(exportCsv.error, 'recipient')} />
            <button type="submit" data-testid="privacy-statements-export" disabled={exportCsv.busy || statements.length === 0}>
              Export CSV (recorded in the register)
            </button>
          </form>
          <ErrorMessage error={formLevel(exportCsv.error, ['recipient'])} testId="privacy-statements-export-error" />
          {file && <DownloadFiles files={[file]} testIdPrefix="privacy-statements" />}
        </>
      )}
    </div>
  );
}

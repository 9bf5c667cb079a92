import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { AuditEntry } from '../../../core/audit/schemas';
import { customerWords, describeAuditEntry, fieldWords, staffWords } from '../../../core/audit/audit-words';
import type { DownloadFile } from '../../../core/privacy/files';
import { call } from '../../api/client';
import { ErrorMessage } from '../../components/ErrorMessage';
import { FieldNote, fieldAria, formLevel, issueFor } from '../../components/fields';
import { useAction } from '../../components/use-call';
import { DownloadFiles } from '../privacy/DownloadFiles';
import { AuditFilterSchema } from '../../../core/audit/schemas';
import { maxLengthOf } from '../../../core/text';

interface Filter {
  staffUsername: string;
  customerId: string;
  from: string;
  to: string;
}

// Spelled out: Intl refuses timeZoneName alongside dateStyle/timeStyle.
const LOCAL_TIME = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit', second: '2-digit', timeZoneName: 'short' });
const LOCAL_ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone;

/** Details the sentence leaves out: the fields touched, and what the writer recorded that has no words yet. */
function details(e: AuditEntry): string {
  const parts: string[] = [];
  const fields = fieldWords(e.fields);
  if (fields) parts.push(`Fields: ${fields}`);
  return parts.join(' · ');
}

/** One filter: label, input and its own message under it. Test ids: `<id>`, `<id>-error`. */
function FilterField({ id, label, value, onChange, error, ...rest }: { id: string; label: string; value: string; onChange(v: string): void; error: string | null; type?: string; inputMode?: 'numeric'; maxLength?: number }) {
  return (
    <div className="edit-field filter-field">
      <label htmlFor={id}>{label}</label>
      <input id={id} data-testid={id} value={value} onChange={(e) => onChange(e.target.value)} {...rest} {...fieldAria(id, error)} />
      <FieldNote id={id} error={error} />
    </div>
  );
}

/**
 * Who viewed or changed which customer's data (the central audit log;
 * stations' rows arrive there through sync). Supervisors and admins only.
 * policy: strict internal guidelines against unauthorized access.
 */
export function AuditScreen() {
  const [filter, setFilter] = useState<Filter>({ staffUsername: '', customerId: '', from: '', to: '' });
  const [entries, setEntries] = useState<AuditEntry[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [file, setFile] = useState<DownloadFile | null>(null);

  const input = useCallback(
    (f: Filter) => ({
      ...(f.staffUsername.trim() ? { staffUsername: f.staffUsername.trim() } : {}),
      // Not a number goes as null (JSON has no NaN), answered under the field in words.
      ...(f.customerId.trim() ? { customerId: Number.isFinite(Number(f.customerId.trim())) ? Number(f.customerId.trim()) : (null as unknown as number) } : {}),
      ...(f.from ? { from: f.from } : {}),
      ...(f.to ? { to: f.to } : {}),
    }),
    [],
  );
  const search = useAction(useCallback(async (f: Filter, before?: string) => {
    const page = await call('audit.search', { ...input(f), ...(before ? { before } : {}) });
    setEntries((list) => (before ? [...list, ...page.entries] : page.entries));
    setCursor(page.nextCursor);
  }, [input]));
  const exportCsv = useAction(async () => setFile((await call('audit.export', input(filter))).file));

  useEffect(() => {
    void search.run({ staffUsername: '', customerId: '', from: '', to: '' });
  }, [search.run]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setFile(null);
    void search.run(filter);
  };
  const set = (key: keyof Filter, value: string) => setFilter((f) => ({ ...f, [key]: value }));
  const issue = (field: keyof Filter) => issueFor(search.error ?? exportCsv.error, field);

  return (
    <section aria-labelledby="audit-title" className="stack" data-testid="audit-screen">
      <h1 id="audit-title">Audit</h1>
      <p className="muted">Who viewed or changed which customer’s data, from the central office’s log. Stations’ entries arrive as they sync.</p>
      <form className="toolbar" onSubmit={submit} aria-label="Filter the audit log">
        <FilterField maxLength={maxLengthOf(AuditFilterSchema.shape.staffUsername)} id="audit-staff" label="Staff username" value={filter.staffUsername} onChange={(v) => set('staffUsername', v)} error={issue('staffUsername')} />
        <FilterField /* a customer number is a whole number up to 2^53 - 1: 16 digits */ maxLength={16} id="audit-customer" label="Customer number" value={filter.customerId} onChange={(v) => set('customerId', v)} error={issue('customerId')} inputMode="numeric" />
        <FilterField id="audit-from" label="From" value={filter.from} onChange={(v) => set('from', v)} error={issue('from')} type="date" />
        <FilterField id="audit-to" label="To" value={filter.to} onChange={(v) => set('to', v)} error={issue('to')} type="date" />
        <button type="submit" data-testid="audit-search" disabled={search.busy}>
          Search
        </button>
        <button type="button" className="secondary" data-testid="audit-export" disabled={exportCsv.busy} onClick={() => void exportCsv.run()}>
          Export CSV
        </button>
      </form>
      <ErrorMessage error={formLevel(search.error ?? exportCsv.error, ['staffUsername', 'customerId', 'from', 'to'])} testId="audit-error" />
      {file && <DownloadFiles files={[file]} testIdPrefix="audit" />}
      <p className="muted" data-testid="audit-zone">
        Times are this station’s local time ({LOCAL_ZONE}). The export keeps UTC times and action codes.
      </p>
      <div className="table-scroll">
        <table data-testid="audit-table" className="audit-table">
          <caption className="sr-only">Audit log entries, newest first</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">What happened</th>
              <th scope="col">Staff</th>
              <th scope="col">Customer</th>
              <th scope="col">Station</th>
              <th scope="col">Code</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.id} data-testid={`audit-row-${e.id}`} data-action={e.action}>
                <td className="nowrap">
                  <time dateTime={e.at} data-testid="audit-when">{LOCAL_TIME.format(new Date(e.at))}</time>
                </td>
                <td>
                  <span data-testid="audit-what">{describeAuditEntry(e)}</span>
                  {details(e) && <span className="muted audit-details">{details(e)}</span>}
                </td>
                <td data-testid="audit-staff-name">{staffWords(e) ?? '—'}</td>
                <td data-testid="audit-customer-name">{customerWords(e) ?? '—'}</td>
                <td className="nowrap">{e.stationName ?? (e.stationId ? 'another station' : 'central office')}</td>
                <td>
                  <code className="audit-code" data-testid="audit-code" title={`Action code, as in the export: ${e.action}`}>
                    {e.action}
                  </code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {entries.length === 0 && !search.busy && <p className="muted">No entries match.</p>}
      {cursor && (
        <button type="button" className="secondary" data-testid="audit-more" disabled={search.busy} onClick={() => void search.run(filter, cursor)}>
          Show older entries
        </button>
      )}
    </section>
  );
}

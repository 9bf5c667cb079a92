import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { Disclosure, DisclosureKind } from '../../../core/privacy/disclosures';
import type { DownloadFile } from '../../../core/privacy/files';
import { call } from '../../api/client';
import { ErrorMessage } from '../../components/ErrorMessage';
import { FieldNote, fieldAria, formLevel, issueUnder } from '../../components/fields';
import { useAction } from '../../components/use-call';
import { useSession } from '../../store/session-store';
import { DownloadFiles } from './DownloadFiles';
import { LegalRequestInputSchema } from '../../../core/privacy/disclosures';
import { maxLengthOf } from '../../../core/text';

const EXPORT_LABELS: Record<string, string> = {
  campaign_vendor_list: 'Campaign: vendor mailing list',
  campaign_vendor_keys: 'Campaign: vendor key file',
  campaign_partner_file: 'Campaign: partner file',
  aggregate_report: 'Aggregate report',
  anonymous_statements: 'Anonymous quotes',
  disclosure_register: 'Disclosure register',
  audit_log: 'Audit log',
};

/**
 * The disclosure register: legal requests and every export. policy: no
 * disclosure without notice, except as the policy describes or the law
 * requires; every one is on record, and the record cannot be changed.
 */
/** The legal request's fields, each with its own message under it. */
const LEGAL_FIELDS = ['requestingParty', 'legalBasis', 'scope', 'customerIds', 'approverUsername', 'requestedOn'];

export function DisclosuresTab() {
  const me = useSession((s) => s.session?.staff.username ?? '');
  const [kind, setKind] = useState<DisclosureKind | ''>('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [rows, setRows] = useState<Disclosure[]>([]);
  const [file, setFile] = useState<DownloadFile | null>(null);
  const [legal, setLegal] = useState({ requestingParty: '', legalBasis: '', scope: '', approverUsername: me, requestedOn: new Date().toISOString().slice(0, 10), customerIds: '' });
  const [recorded, setRecorded] = useState<string | null>(null);

  const filter = useCallback(() => ({ ...(kind ? { kind } : {}), ...(from ? { from } : {}), ...(to ? { to } : {}) }), [kind, from, to]);
  const load = useAction(useCallback(async () => setRows((await call('privacy.disclosures.list', filter())).disclosures), [filter]));
  useEffect(() => {
    void load.run();
  }, [load.run]);
  const exportCsv = useAction(async () => {
    setFile((await call('privacy.disclosures.export', filter())).file);
    await load.run();
  });
  const record = useAction(async () => {
    const d = await call('privacy.disclosures.recordLegalRequest', {
      requestingParty: legal.requestingParty,
      legalBasis: legal.legalBasis,
      scope: legal.scope,
      approverUsername: legal.approverUsername,
      requestedOn: legal.requestedOn,
      customerIds: legal.customerIds.split(/[\s,;]+/).filter((s) => s.length > 0).map(Number),
    });
    setRecorded(`Recorded: ${d.recipient}, ${d.legalBasis}.`);
    setLegal((l) => ({ ...l, requestingParty: '', legalBasis: '', scope: '', customerIds: '' }));
    await load.run();
  });
  const submitLegal = (e: FormEvent) => {
    e.preventDefault();
    void record.run();
  };
  const setL = (key: keyof typeof legal, value: string) => setLegal((l) => ({ ...l, [key]: value }));
  const legalIssue = (path: string) => issueUnder(record.error, path);

  return (
    <div className="stack">
      <form
        className="toolbar"
        aria-label="Filter the register"
        onSubmit={(e) => {
          e.preventDefault();
          void load.run();
        }}
      >
        <label htmlFor="privacy-disclosures-kind">Kind</label>
        <select id="privacy-disclosures-kind" data-testid="privacy-disclosures-kind" value={kind} onChange={(e) => setKind(e.target.value === 'legal_request' || e.target.value === 'export' ? e.target.value : '')}>
          <option value="">All</option>
          <option value="legal_request">Legal requests</option>
          <option value="export">Exports</option>
        </select>
        <label htmlFor="privacy-disclosures-from">From</label>
        <input id="privacy-disclosures-from" data-testid="privacy-disclosures-from" type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
        <label htmlFor="privacy-disclosures-to">To</label>
        <input id="privacy-disclosures-to" data-testid="privacy-disclosures-to" type="date" value={to} onChange={(e) => setTo(e.target.value)} />
        <button type="submit" className="secondary" data-testid="privacy-disclosures-refresh">
          Show
        </button>
        <button type="button" data-testid="privacy-disclosures-export" disabled={exportCsv.busy} onClick={() => void exportCsv.run()}>
          Export register (CSV)
        </button>
      </form>
      <ErrorMessage error={load.error ?? exportCsv.error} testId="privacy-disclosures-error" />
      {file && <DownloadFiles files={[file]} testIdPrefix="privacy-disclosures" />}
      <div className="table-scroll">
        <table data-testid="privacy-disclosures-table">
          <caption className="sr-only">Disclosure register, newest first</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">What</th>
              <th scope="col">To</th>
              <th scope="col">Legal basis</th>
              <th scope="col">Scope</th>
              <th scope="col">Rows</th>
              <th scope="col">Approver</th>
              <th scope="col">Recorded by</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((d) => (
              <tr key={d.id} data-testid={`privacy-disclosure-row-${d.id}`} data-kind={d.exportKind ?? d.kind}>
                <td>{d.at.replace('T', ' ').slice(0, 16)}</td>
                <td>{d.kind === 'legal_request' ? `Legal request (${d.requestedOn ?? ''})` : EXPORT_LABELS[d.exportKind ?? ''] ?? d.exportKind}</td>
                <td>{d.recipient}</td>
                <td>{d.legalBasis}</td>
                <td>
                  {d.scope}
                  {d.customerIds.length > 0 ? ` (customers ${d.customerIds.join(', ')})` : ''}
                </td>
                <td>{d.rows ?? ''}</td>
                <td>{d.approver?.displayName ?? ''}</td>
                <td>{d.recordedBy.displayName}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <section className="detail" aria-labelledby="privacy-legal-title">
        <h2 id="privacy-legal-title">Record a disclosure required by law</h2>
        <form className="form-grid" onSubmit={submitLegal}>
          <label htmlFor="privacy-legal-party">Requesting party</label>
          <div className="grid-field">
            <input maxLength={maxLengthOf(LegalRequestInputSchema.shape.requestingParty)} {...fieldAria('privacy-legal-party', legalIssue('requestingParty'))} id="privacy-legal-party" data-testid="privacy-legal-party" value={legal.requestingParty} onChange={(e) => setL('requestingParty', e.target.value)} />
            <FieldNote id="privacy-legal-party" error={legalIssue('requestingParty')} />
          </div>
          <label htmlFor="privacy-legal-basis">Legal basis</label>
          <div className="grid-field">
            <input maxLength={maxLengthOf(LegalRequestInputSchema.shape.legalBasis)} {...fieldAria('privacy-legal-basis', legalIssue('legalBasis'))} id="privacy-legal-basis" data-testid="privacy-legal-basis" placeholder="e.g. subpoena no. 2004-117" value={legal.legalBasis} onChange={(e) => setL('legalBasis', e.target.value)} />
            <FieldNote id="privacy-legal-basis" error={legalIssue('legalBasis')} />
          </div>
          <label htmlFor="privacy-legal-scope">Scope of data disclosed</label>
          <div className="grid-field">
            <textarea maxLength={maxLengthOf(LegalRequestInputSchema.shape.scope)} {...fieldAria('privacy-legal-scope', legalIssue('scope'))} id="privacy-legal-scope" data-testid="privacy-legal-scope" rows={2} value={legal.scope} onChange={(e) => setL('scope', e.target.value)} />
            <FieldNote id="privacy-legal-scope" error={legalIssue('scope')} />
          </div>
          <label htmlFor="privacy-legal-customers">Customer numbers concerned (optional)</label>
          <div className="grid-field">
            <input /* up to 100 customer numbers (the limit of LegalRequestInputSchema), each up to 16 digits and ", " */ maxLength={1800} {...fieldAria('privacy-legal-customers', legalIssue('customerIds'))} id="privacy-legal-customers" data-testid="privacy-legal-customers" value={legal.customerIds} onChange={(e) => setL('customerIds', e.target.value)} />
            <FieldNote id="privacy-legal-customers" error={legalIssue('customerIds')} />
          </div>
          <label htmlFor="privacy-legal-approver">Approved by (username of a supervisor or admin)</label>
          <div className="grid-field">
            <input maxLength={maxLengthOf(LegalRequestInputSchema.shape.approverUsername)} {...fieldAria('privacy-legal-approver', legalIssue('approverUsername'))} id="privacy-legal-approver" data-testid="privacy-legal-approver" value={legal.approverUsername} onChange={(e) => setL('approverUsername', e.target.value)} />
            <FieldNote id="privacy-legal-approver" error={legalIssue('approverUsername')} />
          </div>
          <label htmlFor="privacy-legal-date">Date of the request</label>
          <div className="grid-field">
            <input {...fieldAria('privacy-legal-date', legalIssue('requestedOn'))} id="privacy-legal-date" data-testid="privacy-legal-date" type="date" value={legal.requestedOn} onChange={(e) => setL('requestedOn', e.target.value)} />
            <FieldNote id="privacy-legal-date" error={legalIssue('requestedOn')} />
          </div>
          <div />
          <button type="submit" data-testid="privacy-legal-submit" disabled={record.busy}>
            Record legal request
          </button>
        </form>
        <ErrorMessage error={formLevel(record.error, (record.error?.fields ?? []).map((f) => f.field).filter((f) => LEGAL_FIELDS.some((p) => f === p || f.startsWith(`${p}.`))))} testId="privacy-legal-error" />
        {recorded && (
          <p role="status" data-testid="privacy-legal-recorded">
            {recorded}
          </p>
        )}
      </section>
    </div>
  );
}

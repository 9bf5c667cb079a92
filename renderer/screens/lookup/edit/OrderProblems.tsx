import { useEffect, useRef, useState, type FormEvent } from 'react';
import {
  OPEN_PROBLEM_STATES,
  PROBLEM_KIND_WORDS,
  PROBLEM_KINDS,
  PROBLEM_REASON_MAX_CHARS,
  PROBLEM_STATE_WORDS,
  REPLACEMENTS_WITHOUT_APPROVAL,
  REPLACEMENT_WINDOW_DAYS,
  type ProblemKind,
} from '../../../../core/customers/replacement-policy';
import { problemEmailWords } from '../../../../core/customers/problem-email-delivery';
import type { Customer360 } from '../../../../core/lookup/schemas';
import { call } from '../../../api/client';
import { ErrorMessage } from '../../../components/ErrorMessage';
import { useAction } from '../../../components/use-call';
import { useSession } from '../../../store/session-store';

type Problem = Customer360['problems'][number];
type Shipment = Customer360['shipments'][number];

const day = (iso: string) => iso.slice(0, 10);

/** A problem can be reported for a disc mailed and still out, once per order (the central office refuses a second). */
export function canReportProblem(shipment: Shipment, problems: readonly Problem[]): boolean {
  return shipment.status === 'shipped' && !problems.some((p) => p.shipmentId === shipment.id);
}

/**
 * "My disc never arrived", "the disc is cracked" (issue 15 item 5): the kind
 * and the caller's reason, for one order of the shipment history. main refuses
 * it unless the caller was verified; the central office settles it (lost in
 * the mail, replacement, email) and the result comes back with the next pull.
 */
export function ReportProblemForm({ customerId, shipment, onDone, onCancel }: { customerId: number; shipment: Shipment; onDone(): void; onCancel(): void }) {
  const [kind, setKind] = useState<ProblemKind>('not_received');
  const [reason, setReason] = useState('');
  const first = useRef<HTMLSelectElement>(null);
  useEffect(() => first.current?.focus(), [shipment.id]);
  const report = useAction(async () => {
    await call('customers.reportProblem', { customerId, shipmentId: shipment.id, kind, reason });
    onDone();
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (reason.trim().length < 3) {
      report.setError({ code: 'INVALID_INPUT', message: 'Say in a few words what the caller told you, then press Enter.' });
      return;
    }
    void report.run();
  };
  return (
    <form
      className="problem-report"
      onSubmit={submit}
      onKeyDown={(e) => {
        if (e.key === 'Escape') onCancel();
      }}
      data-testid="problem-report-form"
      aria-labelledby="problem-report-title"
    >
      <h4 id="problem-report-title">
        Problem with order {shipment.orderNumber} ({shipment.titleName})
      </h4>
      <label htmlFor="problem-report-kind">What happened</label>
      <select id="problem-report-kind" ref={first} data-testid="problem-report-kind" value={kind} onChange={(e) => setKind(e.target.value as ProblemKind)}>
        {PROBLEM_KINDS.map((k) => (
          <option key={k} value={k}>
            {PROBLEM_KIND_WORDS[k]}
          </option>
        ))}
      </select>
      <label htmlFor="problem-report-reason">What the caller said (at most {PROBLEM_REASON_MAX_CHARS} characters)</label>
      <input
        id="problem-report-reason"
        data-testid="problem-report-reason"
        autoComplete="off"
        maxLength={PROBLEM_REASON_MAX_CHARS}
        value={reason}
        onChange={(e) => {
          setReason(e.target.value);
          report.setError(null);
        }}
      />
      <p className="muted">
        {kind === 'not_received'
          ? 'The order is booked lost in the mail and a replacement is sent: the same title if a copy is in stock, else the next title in the queue. The customer is told by email.'
          : 'A replacement is sent and the disc is flagged, so the returns desk expects it. The customer is told by email.'}{' '}
        More than {REPLACEMENTS_WITHOUT_APPROVAL} replacements in {REPLACEMENT_WINDOW_DAYS} days wait for a supervisor.
      </p>
      <div>
        <button type="submit" data-testid="problem-report-submit" disabled={report.busy}>
          Report problem
        </button>{' '}
        <button type="button" data-testid="problem-report-cancel" onClick={onCancel}>
          Cancel
        </button>
      </div>
      <ErrorMessage error={report.error} testId="problem-report-error" />
    </form>
  );
}

/** The customer's order problems and where each stands; a supervisor decides those over the limit here. */
export function ProblemList({ customerId, problems, onChanged }: { customerId: number; problems: readonly Problem[]; onChanged(): void }) {
  const role = useSession((s) => s.session?.staff.role);
  const supervisor = role === 'supervisor' || role === 'admin';
  if (problems.length === 0) return <p data-testid="problem-none">No order problems reported.</p>;
  return (
    <ul className="plain problem-list" data-testid="problem-list">
      {problems.map((p) => (
        <li key={p.id} className="problem-row" data-testid="problem-row" data-problem-id={p.id} data-state={p.state} data-open={OPEN_PROBLEM_STATES.includes(p.state)}>
          <strong>{PROBLEM_KIND_WORDS[p.kind]}</strong> · order {p.orderNumber} ({p.titleName}) · {day(p.reportedAt)} by {p.reportedBy}
          <br />
          <q>{p.reason}</q>
          <br />
          <span className={`problem-state ${p.state}`} data-testid="problem-state">
            {PROBLEM_STATE_WORDS[p.state]}
            {p.replacementOrderNumber ? `: order ${p.replacementOrderNumber}${p.replacementTitleName ? ` (${p.replacementTitleName})` : ''}` : ''}
          </span>
          <ProblemEmail email={p.email} />
          {p.decidedBy && <span className="muted"> · decided by {p.decidedBy}</span>}
          {supervisor && p.state === 'awaiting_approval' && <DecideProblem customerId={customerId} problem={p} onDone={onChanged} />}
        </li>
      ))}
    </ul>
  );
}

const LOCAL_TIME = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' });

/** Whether the customer was told by email (the central office's mail sender; nothing shown before the problem is settled). */
function ProblemEmail({ email }: { email: Problem['email'] }) {
  if (email.state === 'none') return null;
  return (
    <>
      <br />
      <span className={`problem-email ${email.state}`} data-testid="problem-email" data-email-state={email.state}>
        {problemEmailWords(email)}
        {email.state === 'sent' && email.at && (
          <>
            {' '}
            <time dateTime={email.at}>{LOCAL_TIME.format(new Date(email.at))}</time>
          </>
        )}
      </span>
    </>
  );
}

function DecideProblem({ customerId, problem, onDone }: { customerId: number; problem: Problem; onDone(): void }) {
  const [reason, setReason] = useState('');
  const decide = useAction(async (decision: 'approve' | 'refuse') => {
    if (reason.trim().length < 3) {
      decide.setError({ code: 'INVALID_INPUT', message: 'Say why, in a few words, before you approve or refuse.' });
      return;
    }
    await call('customers.decideProblem', { customerId, problemId: problem.id, decision, reason });
    onDone();
  });
  const id = `problem-decide-reason-${problem.id}`;
  return (
    <div className="problem-decide" data-testid="problem-decide">
      <label htmlFor={id}>Why (for the record)</label>{' '}
      <input id={id} data-testid="problem-decide-reason" autoComplete="off" maxLength={PROBLEM_REASON_MAX_CHARS} value={reason} onChange={(e) => setReason(e.target.value)} />{' '}
      <button type="button" data-testid="problem-approve" disabled={decide.busy} onClick={() => void decide.run('approve')}>
        Approve replacement
      </button>{' '}
      <button type="button" data-testid="problem-refuse" disabled={decide.busy} onClick={() => void decide.run('refuse')}>
        Refuse
      </button>
      <ErrorMessage error={decide.error} testId="problem-decide-error" />
    </div>
  );
}

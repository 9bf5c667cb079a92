import { useState, type FormEvent } from 'react';
import { NOTE_MAX_CHARS } from '../../../../core/sync/mutators/customer-note-add';
import { call } from '../../../api/client';
import { ErrorMessage } from '../../../components/ErrorMessage';
import { useAction } from '../../../components/use-call';
import { useLookup } from '../lookup-store';

/**
 * A short note about this call (issue 15 item 6). Who and when are the
 * signed-in rep and now; why is the reason chosen for the call. The note
 * reaches the central office with the next sync and shows in the history.
 */
export function CallNoteForm({ customerId, onSaved }: { customerId: number; onSaved(): void }) {
  const reason = useLookup((s) => s.reason);
  const [body, setBody] = useState('');
  const [saved, setSaved] = useState(false);
  const save = useAction(async () => {
    await call('customers.addNote', { customerId, reason, body });
    setBody('');
    setSaved(true);
    onSaved();
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void save.run();
  };
  return (
    <form className="call-note" onSubmit={submit} data-testid="c360-note-form" aria-labelledby="c360-note-title">
      <h3 id="c360-note-title">Note about this call</h3>
      <label htmlFor="c360-note-body">What was said or done (at most {NOTE_MAX_CHARS} characters)</label>
      <textarea
        id="c360-note-body"
        data-testid="c360-note-body"
        rows={2}
        maxLength={NOTE_MAX_CHARS}
        value={body}
        onChange={(e) => {
          setBody(e.target.value);
          setSaved(false);
        }}
      />
      <div>
        <button type="submit" data-testid="c360-note-save" disabled={save.busy || body.trim().length === 0}>
          Add note
        </button>{' '}
        {saved && (
          <span role="status" data-testid="c360-note-saved">
            Note added.
          </span>
        )}
      </div>
      <ErrorMessage error={save.error} testId="c360-note-error" />
    </form>
  );
}

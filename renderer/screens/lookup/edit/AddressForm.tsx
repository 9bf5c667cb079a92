import { useState, type FormEvent } from 'react';
import { AddressEntrySchema, type AddressEntry, type NormalizedAddressView } from '../../../../core/customers/schemas';
import { maxLengthOf } from '../../../../core/text';
import type { AppErrorShape } from '../../../../core/errors';
import { call } from '../../../api/client';
import { ErrorMessage } from '../../../components/ErrorMessage';
import { useAction } from '../../../components/use-call';
import { formLevel, issueFor, TextField } from '../../../components/fields';

const EMPTY = { line1: '', line2: '', city: '', state: '', zip: '' };
const FIELDS = ['line1', 'line2', 'city', 'state', 'zip'] as const;
/** Each box stops at its schema's limit (AddressEntrySchema). */
const ADDRESS_MAX = Object.fromEntries(FIELDS.map((f) => [f, maxLengthOf(AddressEntrySchema.shape[f])])) as Record<(typeof FIELDS)[number], number | undefined>;
const LABELS: Record<(typeof FIELDS)[number], string> = { line1: 'Street address', line2: 'Apartment, suite, unit (optional)', city: 'City', state: 'State', zip: 'ZIP Code' };

function entryOf(form: typeof EMPTY): AddressEntry {
  return { line1: form.line1, line2: form.line2.trim() ? form.line2 : null, city: form.city, state: form.state, zip: form.zip };
}

/**
 * A new shipping address: the rep previews the Pub 28 form the labels will
 * carry and reads it back to the caller; Save is enabled only for the entry
 * that was previewed. An address that cannot be mailed is never saved.
 */
/** The address on file as the form's fields: the last line read back as city, state and ZIP. */
export function formOf(address: NormalizedAddressView | null): typeof EMPTY {
  if (!address) return EMPTY;
  const last = /^(.*\S)\s+([A-Z]{2})\s+(\d{5}(?:-\d{4})?)$/.exec(address.lastLine.trim());
  return { line1: address.deliveryLine, line2: address.secondaryLine ?? '', city: last?.[1] ?? '', state: last?.[2] ?? '', zip: last?.[3] ?? '' };
}

export function AddressForm({ customerId, current: onFile, onSaved }: { customerId: number; current?: NormalizedAddressView | null; onSaved(a: NormalizedAddressView): void }) {
  // Prefilled with the address on file: a rep correcting one letter does not retype the rest.
  const [form, setForm] = useState(() => formOf(onFile ?? null));
  const [preview, setPreview] = useState<{ for: string; address: NormalizedAddressView } | null>(null);
  const [issues, setIssues] = useState<AppErrorShape | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const key = JSON.stringify(entryOf(form));
  const current = preview && preview.for === key ? preview.address : null;

  const check = useAction(async () => {
    const answer = await call('customers.previewAddress', { address: entryOf(form) });
    if (answer.ok) {
      setPreview({ for: key, address: answer.address });
      setIssues(null);
    } else {
      setPreview(null);
      setIssues({ code: 'INVALID_INPUT', message: 'This address cannot be mailed as entered.', fields: answer.fields });
    }
  });
  const save = useAction(async () => {
    const answer = await call('customers.updateAddress', { customerId, address: entryOf(form) });
    setSaved(`Saved. Ships to ${answer.address.deliveryLine}, ${answer.address.lastLine}.`);
    setForm(EMPTY);
    setPreview(null);
    onSaved(answer.address);
  });
  const error = save.error ?? check.error ?? issues;
  const set = (field: keyof typeof EMPTY) => (value: string) => {
    setSaved(null);
    setForm((f) => ({ ...f, [field]: value }));
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSaved(null);
    void (current ? save.run() : check.run());
  };

  return (
    <form className="edit-form" data-testid="address-form" aria-labelledby="address-title" onSubmit={submit} noValidate>
      <h4 id="address-title">Shipping address</h4>
      {FIELDS.map((f) => (
        <TextField
          key={f}
          id={`address-${f}`}
          label={LABELS[f]}
          value={form[f]}
          onChange={set(f)}
          autoComplete="off"
          error={issueFor(error, `address.${f}`)}
          maxLength={ADDRESS_MAX[f]}
        />
      ))}
      <div className="actions">
        <button type="button" className="secondary" data-testid="address-preview" disabled={check.busy} onClick={() => void check.run()}>
          Show as it will be mailed
        </button>
        <button type="submit" data-testid="address-save" disabled={!current || save.busy} aria-describedby={current ? undefined : 'address-save-hint'}>
          Save address
        </button>
        {!current && (
          <span id="address-save-hint" className="muted">
            Preview first: you save the address exactly as it will be mailed.
          </span>
        )}
      </div>
      {current && (
        <div className="normalized" data-testid="address-normalized" role="status" aria-label="The address as it will be mailed">
          {current.secondaryLine && <div>{current.secondaryLine}</div>}
          <div>{current.deliveryLine}</div>
          <div>{current.lastLine}</div>
        </div>
      )}
      {issues && (
        <p className="notice" data-testid="address-not-mailable">
          This address cannot be mailed as entered; the reasons are next to the fields. Nothing was saved.
        </p>
      )}
      {saved && (
        <p role="status" data-testid="address-saved">
          {saved}
        </p>
      )}
      <ErrorMessage error={formLevel(error, FIELDS.map((f) => `address.${f}`))} testId="address-error" />
    </form>
  );
}

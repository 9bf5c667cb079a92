import { useState, type FormEvent } from 'react';
import { formatPhone } from '../../../../core/contact/phone';
import { call } from '../../../api/client';
import { ErrorMessage } from '../../../components/ErrorMessage';
import { useAction } from '../../../components/use-call';
import { formLevel, issueFor, TextField } from '../../../components/fields';
import { EmailSchema } from '../../../../core/contact/email';
import { FullNameSchema, PhoneEntrySchema } from '../../../../core/customers/schemas';
import { maxLengthOf } from '../../../../core/text';

interface Contact {
  fullName: string;
  email: string;
  phone: string | null;
}

/**
 * Name, email and phone. main validates each field (the message shows under
 * it), checks the email belongs to no other customer, and stores the phone in
 * E.164 for order-related issues only (policy).
 */
export function ContactForm({ customerId, contact, onSaved }: { customerId: number; contact: Contact; onSaved(c: Contact): void }) {
  const [fullName, setFullName] = useState(contact.fullName);
  const [email, setEmail] = useState(contact.email);
  const [phone, setPhone] = useState(contact.phone ? formatPhone(contact.phone) : '');
  const [saved, setSaved] = useState<string | null>(null);
  const save = useAction(async () => {
    const answer = await call('customers.updateContact', { customerId, fullName, email, phone });
    setFullName(answer.contact.fullName);
    setEmail(answer.contact.email);
    setPhone(answer.contact.phone ? formatPhone(answer.contact.phone) : '');
    setSaved(answer.changed.length === 0 ? 'Nothing changed.' : `Saved: ${answer.changed.map((c) => ({ fullName: 'name', email: 'email', phone: 'phone' })[c]).join(', ')}.`);
    onSaved(answer.contact);
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSaved(null);
    void save.run();
  };
  return (
    <form className="edit-form" data-testid="contact-form" aria-labelledby="contact-title" onSubmit={submit} noValidate>
      <h4 id="contact-title">Name, email and phone</h4>
      <TextField maxLength={maxLengthOf(FullNameSchema)} id="contact-name" label="Full name" value={fullName} onChange={setFullName} autoComplete="off" error={issueFor(save.error, 'fullName')} />
      <TextField maxLength={maxLengthOf(EmailSchema)} id="contact-email" label="Email" type="email" value={email} onChange={setEmail} autoComplete="off" error={issueFor(save.error, 'email')} />
      <TextField maxLength={maxLengthOf(PhoneEntrySchema)}
        id="contact-phone"
        label="Phone"
        type="tel"
        value={phone}
        onChange={setPhone}
        autoComplete="off"
        hint="Used only for problems with an order, never for marketing."
        error={issueFor(save.error, 'phone')}
      />
      <div className="actions">
        <button type="submit" data-testid="contact-save" disabled={save.busy}>
          Save name, email and phone
        </button>
      </div>
      {saved && (
        <p role="status" data-testid="contact-saved">
          {saved}
        </p>
      )}
      <ErrorMessage error={formLevel(save.error, ['fullName', 'email', 'phone'])} testId="contact-error" />
    </form>
  );
}

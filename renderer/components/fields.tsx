import type React from 'react';
import type { InputHTMLAttributes } from 'react';
import type { AppErrorShape } from '../../core/errors';

/** The message for one field out of an error's field issues (`fields[].field` is the input's property path). */
export function issueFor(error: AppErrorShape | null, ...names: string[]): string | null {
  return error?.fields?.find((f) => names.includes(f.field))?.message ?? null;
}

/** An error that is not about any one field (offline, not verified, refused): shown once, above the form's button. */
export function formLevel(error: AppErrorShape | null, fieldNames: string[]): AppErrorShape | null {
  if (!error) return null;
  const fields = (error.fields ?? []).filter((f) => !fieldNames.includes(f.field));
  if (error.fields?.length && fields.length === 0) return null;
  return { ...error, ...(fields.length ? { fields } : {}) };
}

type TextFieldProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'value' | 'onChange'> & {
  id: string;
  label: string;
  value: string;
  onChange(value: string): void;
  /** This field's own message, shown right under it and announced with it. */
  error: string | null;
  hint?: string;
};

/** Label, input and its message, wired for screen readers (aria-invalid, aria-describedby). Test ids: `<id>`, `<id>-error`. */
export function TextField({ id, label, value, onChange, error, hint, ...rest }: TextFieldProps) {
  // `rest` last: a caller's own aria-describedby wins over the frame's.
  return (
    <FieldFrame id={id} label={label} error={error} hint={hint}>
      {(aria) => <input id={id} data-testid={id} value={value} onChange={(e) => onChange(e.target.value)} {...aria} {...rest} />}
    </FieldFrame>
  );
}

interface FieldFrameProps {
  id: string;
  label: string;
  error: string | null;
  hint?: string | undefined;
  children(aria: { 'aria-invalid'?: true; 'aria-describedby'?: string }): React.ReactNode;
}

/** The label, hint and message around every field's control: one frame, so each field is announced the same way. */
function FieldFrame({ id, label, error, hint, children }: FieldFrameProps) {
  const described = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className="edit-field">
      <label htmlFor={id}>{label}</label>
      {children({ ...(error ? { 'aria-invalid': true as const } : {}), ...(described ? { 'aria-describedby': described } : {}) })}
      {hint && (
        <span id={`${id}-hint`} className="field-hint">
          {hint}
        </span>
      )}
      <FieldNote id={id} error={error} />
    </div>
  );
}

/** A choice among a few options, with its message under it. Test ids: `<id>`, `<id>-error`. */
export function SelectField({
  id,
  label,
  value,
  options,
  onChange,
  error,
  hint,
}: {
  id: string;
  label: string;
  value: string;
  options: ReadonlyArray<{ value: string; label: string }>;
  onChange(value: string): void;
  error: string | null;
  hint?: string;
}) {
  return (
    <FieldFrame id={id} label={label} error={error} hint={hint}>
      {(aria) => (
        <select id={id} data-testid={id} value={value} onChange={(e) => onChange(e.target.value)} {...aria}>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </FieldFrame>
  );
}

/** Several lines of text (a pasted certificate), with its message under it. Test ids: `<id>`, `<id>-error`. */
export function TextAreaField({ id, label, value, onChange, error, hint, rows = 6, placeholder, maxLength }: { id: string; label: string; value: string; onChange(value: string): void; error: string | null; hint?: string; rows?: number; placeholder?: string; /** The schema's limit for this field. */ maxLength: number }) {
  return (
    <FieldFrame id={id} label={label} error={error} hint={hint}>
      {(aria) => <textarea id={id} data-testid={id} rows={rows} value={value} maxLength={maxLength} spellCheck={false} placeholder={placeholder} onChange={(e) => onChange(e.target.value)} {...aria} />}
    </FieldFrame>
  );
}

/** The message for a field, or for any item under it (`criteria.states.2` under `criteria.states`). */
export function issueUnder(error: AppErrorShape | null, ...paths: string[]): string | null {
  return error?.fields?.find((f) => paths.some((p) => f.field === p || f.field.startsWith(`${p}.`)))?.message ?? null;
}

/** For a control laid out by hand (a grid row, a checkbox group): marks it wrong and points at its message. */
export function fieldAria(id: string, error: string | null): { 'aria-invalid'?: true; 'aria-describedby'?: string } {
  return error ? { 'aria-invalid': true, 'aria-describedby': `${id}-error` } : {};
}

/** A field's own message, right under it (test id `<id>-error`), for controls laid out by hand; nothing when it is fine. */
export function FieldNote({ id, error }: { id: string; error: string | null }) {
  if (!error) return null;
  return (
    <span id={`${id}-error`} data-testid={`${id}-error`} className="field-error" role="alert">
      {error}
    </span>
  );
}

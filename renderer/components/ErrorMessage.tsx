import type { AppErrorShape } from '../../core/errors';

/** An error in words, with the field issues underneath; `role="alert"` so screen readers announce it. */
export function ErrorMessage({ error, testId }: { error: AppErrorShape | null; testId: string }) {
  if (!error) return null;
  return (
    <div className="error" role="alert" data-testid={testId} data-error-code={error.code}>
      <p>{error.message}</p>
      {error.fields && error.fields.length > 0 && (
        <ul>
          {/* The message names the field in words; the property path is for code, not for people. */}
          {error.fields.map((f) => (
            <li key={f.field} data-field={f.field}>
              {f.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

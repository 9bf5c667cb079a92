import { useEffect, useState, type FormEvent } from 'react';
import type { StationSettings } from '../../../core/station/schemas';
import { call } from '../../api/client';
import { ErrorMessage } from '../../components/ErrorMessage';
import { formLevel, issueFor, TextField } from '../../components/fields';
import { useAction } from '../../components/use-call';
import { useSession } from '../../store/session-store';
import { EnrollmentForm } from '../setup/EnrollmentForm';
import { PrinterSettings } from './PrinterSettings';
import { PostalSetupForm } from './PostalSetupForm';

/**
 * Admin-only station settings: name, central office address, kiosk, idle
 * lock; the label printer; and re-enrollment (a new key, central office or
 * distribution center). The distribution center is the registration's, so it
 * changes only by re-enrolling.
 */
/** This form's fields, by the settings' property names (their messages show under each field). */
const FIELDS = ['stationName', 'apiUrl', 'idleLockSeconds', 'kiosk'];

/** The idle time as typed: a number when it is one, otherwise left for the station to answer in words. */
function idleSeconds(text: string): number {
  const trimmed = text.trim();
  return trimmed === '' ? Number.NaN : Number(trimmed);
}

export function StationScreen() {
  const [form, setForm] = useState<StationSettings | null>(null);
  const [idleText, setIdleText] = useState('');
  const [saved, setSaved] = useState(false);
  const [reenrolling, setReenrolling] = useState(false);
  const refreshStatus = useSession((s) => s.refreshStatus);
  const setSession = useSession((s) => s.setSession);
  const load = useAction(async () => {
    const settings = await call('station.settings.get', {});
    setForm(settings);
    setIdleText(String(settings.idleLockSeconds));
  });
  const save = useAction(async (next: StationSettings) => {
    // Only this form's own fields: the printer has its own form, and the registration is re-enrollment's.
    // Not-a-number goes as null (JSON has no NaN): main answers "enter a number of seconds" under the field.
    const idle = idleSeconds(idleText);
    const updated = await call('station.settings.update', { stationName: next.stationName, apiUrl: next.apiUrl, idleLockSeconds: Number.isFinite(idle) ? idle : (null as unknown as number), kiosk: next.kiosk });
    setForm(updated);
    setIdleText(String(updated.idleLockSeconds));
    setSaved(true);
    await refreshStatus();
  });

  useEffect(() => {
    void load.run();
  }, []);

  if (!form) return <ErrorMessage error={load.error} testId="station-error" />;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    void save.run(form);
  };
  const field = <K extends keyof StationSettings>(key: K, value: StationSettings[K]) => setForm({ ...form, [key]: value });

  return (
    <section aria-labelledby="station-title" className="station-settings">
      <h1 id="station-title">Station settings</h1>
      <form className="edit-form station-form" onSubmit={submit} noValidate aria-label="Station">
        <TextField id="station-name" label="Station name" value={form.stationName} onChange={(v) => field('stationName', v)} error={issueFor(save.error, 'stationName')} maxLength={60} autoComplete="off" />
        <div className="edit-field">
          <span className="form-label">Distribution center</span>
          <span data-testid="station-dc">
            <strong>{form.distributionCenter}</strong> <span className="muted">(changes by re-enrolling)</span>
          </span>
        </div>
        <TextField /* the schema has no limit for a URL; 2,048 is what browsers and servers take */ maxLength={2048} id="station-api-url" label="Central office address" value={form.apiUrl} onChange={(v) => field('apiUrl', v)} error={issueFor(save.error, 'apiUrl')} autoComplete="off" spellCheck={false} />
        <TextField /* at most 3600 seconds */ maxLength={4}
          id="station-idle"
          label="Lock after idle (seconds)"
          value={idleText}
          onChange={setIdleText}
          error={issueFor(save.error, 'idleLockSeconds')}
          inputMode="numeric"
          autoComplete="off"
          hint="From 30 seconds to 3,600 (one hour) without typing or clicking."
        />
        <div className="edit-field checkbox-field">
          <label htmlFor="station-kiosk">
            <input id="station-kiosk" data-testid="station-kiosk" type="checkbox" checked={form.kiosk} onChange={(e) => field('kiosk', e.target.checked)} /> Kiosk mode (full screen, takes effect at next start)
          </label>
        </div>
        <ErrorMessage error={formLevel(save.error, FIELDS)} testId="station-error" />
        <div className="actions">
          <button type="submit" data-testid="station-save" disabled={save.busy}>
            Save settings
          </button>
        </div>
        {saved && (
          <p role="status" data-testid="station-saved">
            Saved.
          </p>
        )}
      </form>

      <PostalSetupForm />

      <PrinterSettings printer={form.printer} onSaved={(printer) => setForm((f) => (f ? { ...f, printer } : f))} />

      <section className="edit-form" aria-labelledby="reenroll-title">
        <h2 id="reenroll-title">Registration</h2>
        {reenrolling ? (
          <>
            <EnrollmentForm
              mode="reenroll"
              initial={{ apiUrl: form.apiUrl, distributionCenter: form.distributionCenter, stationName: form.stationName }}
              onJoined={async () => {
                // Everyone signs in again: their central sessions belonged to the previous registration.
                setSession(null);
                await refreshStatus();
              }}
            />
            <button type="button" className="secondary" data-testid="station-reenroll-cancel" onClick={() => setReenrolling(false)}>
              Keep the current registration
            </button>
          </>
        ) : (
          <>
            <p className="muted">To join another central office, use a new enrollment key or move this station to another distribution center, re-enroll it.</p>
            <div className="actions">
              <button type="button" className="secondary" data-testid="station-reenroll" onClick={() => setReenrolling(true)}>
                Re-enroll this station…
              </button>
            </div>
          </>
        )}
      </section>
    </section>
  );
}

import { useEffect, useState, type FormEvent } from 'react';
import type { StationSettings } from '../../../core/station/schemas';
import { call } from '../../api/client';
import { ErrorMessage } from '../../components/ErrorMessage';
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
export function StationScreen() {
  const [form, setForm] = useState<StationSettings | null>(null);
  const [saved, setSaved] = useState(false);
  const [reenrolling, setReenrolling] = useState(false);
  const refreshStatus = useSession((s) => s.refreshStatus);
  const setSession = useSession((s) => s.setSession);
  const load = useAction(async () => setForm(await call('station.settings.get', {})));
  const save = useAction(async (next: StationSettings) => {
    // Only this form's own fields: the printer has its own form, and the registration is re-enrollment's.
    setForm(await call('station.settings.update', { stationName: next.stationName, apiUrl: next.apiUrl, idleLockSeconds: next.idleLockSeconds, kiosk: next.kiosk }));
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
      <form className="form-grid" onSubmit={submit}>
        <label htmlFor="station-name">Station name</label>
        <input id="station-name" data-testid="station-name" value={form.stationName} onChange={(e) => field('stationName', e.target.value)} />
        <span className="form-label">Distribution center</span>
        <span data-testid="station-dc">
          <strong>{form.distributionCenter}</strong> <span className="muted">(changes by re-enrolling)</span>
        </span>
        <label htmlFor="station-api">Central office address</label>
        <input id="station-api" data-testid="station-api-url" value={form.apiUrl} onChange={(e) => field('apiUrl', e.target.value)} />
        <label htmlFor="station-idle">Lock after idle (seconds)</label>
        <input
          id="station-idle"
          data-testid="station-idle"
          type="number"
          value={form.idleLockSeconds}
          onChange={(e) => field('idleLockSeconds', Number(e.target.value))}
        />
        <label htmlFor="station-kiosk">Kiosk mode (full screen, takes effect at next start)</label>
        <input id="station-kiosk" data-testid="station-kiosk" type="checkbox" checked={form.kiosk} onChange={(e) => field('kiosk', e.target.checked)} />
        <div />
        <button type="submit" data-testid="station-save" disabled={save.busy}>
          Save settings
        </button>
      </form>
      {saved && (
        <p role="status" data-testid="station-saved">
          Saved.
        </p>
      )}
      <ErrorMessage error={save.error} testId="station-error" />

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

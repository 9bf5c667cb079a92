import { useEffect, useState, type FormEvent } from 'react';
import type { StationSettings } from '../../../core/station/schemas';
import { call } from '../../api/client';
import { ErrorMessage } from '../../components/ErrorMessage';
import { useAction } from '../../components/use-call';
import { useSession } from '../../store/session-store';
import { PostalSetupForm } from './PostalSetupForm';

/** Admin-only station settings: name, distribution center, central API, kiosk, idle lock. */
export function StationScreen() {
  const [form, setForm] = useState<StationSettings | null>(null);
  const [saved, setSaved] = useState(false);
  const refreshStatus = useSession((s) => s.refreshStatus);
  const load = useAction(async () => setForm(await call('station.settings.get', {})));
  const save = useAction(async (next: StationSettings) => {
    setForm(await call('station.settings.update', next));
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
    <section aria-labelledby="station-title">
      <h1 id="station-title">Station settings</h1>
      <form className="form-grid" onSubmit={submit}>
        <label htmlFor="station-name">Station name</label>
        <input id="station-name" data-testid="station-name" value={form.stationName} onChange={(e) => field('stationName', e.target.value)} />
        <label htmlFor="station-dc">Distribution center</label>
        <input id="station-dc" data-testid="station-dc" value={form.distributionCenter} onChange={(e) => field('distributionCenter', e.target.value.toUpperCase())} />
        <label htmlFor="station-api">Central API URL</label>
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
    </section>
  );
}

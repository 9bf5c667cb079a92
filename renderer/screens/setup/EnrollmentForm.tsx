import { useEffect, useRef, useState, type ChangeEvent, type FormEvent } from 'react';
import type { CaCertificateInfo, StationStatus } from '../../../core/station/schemas';
import { call } from '../../api/client';
import { ErrorMessage } from '../../components/ErrorMessage';
import { formLevel, issueFor, TextAreaField, TextField } from '../../components/fields';
import { useAction } from '../../components/use-call';
import { CaPemSchema, StationEnrollmentSchema } from '../../../core/station/schemas';
import { maxLengthOf } from '../../../core/text';

const FIELDS = ['apiUrl', 'ca', 'enrollmentKey', 'distributionCenter', 'stationName'];

/**
 * What a station needs to join a central office: its address, its CA
 * certificate (pasted or chosen; the fingerprint is shown to compare with
 * what the central office printed at start), the enrollment key, and who
 * this station is. The first-run setup screen and an admin's re-enrollment
 * (Station settings) both use it; main tries everything before keeping any
 * of it, and says against each field what is wrong.
 */
export function EnrollmentForm({
  mode,
  initial,
  onJoined,
}: {
  mode: 'setup' | 'reenroll';
  initial: { apiUrl: string; distributionCenter: string; stationName: string };
  onJoined(status: StationStatus): void | Promise<void>;
}) {
  const [apiUrl, setApiUrl] = useState(initial.apiUrl);
  const [ca, setCa] = useState('');
  const [enrollmentKey, setEnrollmentKey] = useState('');
  const [distributionCenter, setDc] = useState(initial.distributionCenter);
  const [stationName, setStationName] = useState(initial.stationName);
  const [caInfo, setCaInfo] = useState<CaCertificateInfo | null>(null);
  const inspect = useAction(async (pem: string) => setCaInfo(await call('station.inspectCa', { pem })));
  const join = useAction(async () => {
    const input = { apiUrl, ca: ca.trim() === '' ? null : ca, enrollmentKey, distributionCenter, stationName };
    const status = await call(mode === 'setup' ? 'station.register' : 'station.reenroll', input);
    setEnrollmentKey('');
    await onJoined(status);
  });
  const fileInput = useRef<HTMLInputElement>(null);

  // The fingerprint appears as soon as a whole certificate is there: pasted, typed or read from a file.
  useEffect(() => {
    setCaInfo(null);
    inspect.setError(null);
    if (!/-----END CERTIFICATE-----/.test(ca)) return;
    const timer = setTimeout(() => void inspect.run(ca.trim()), 150);
    return () => clearTimeout(timer);
  }, [ca]);

  const chooseFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    if (file) setCa(await file.text());
    e.target.value = '';
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void join.run();
  };

  const caError = issueFor(join.error, 'ca') ?? issueFor(inspect.error, 'pem', 'ca') ?? (inspect.error && !inspect.error.fields?.length ? inspect.error.message : null);
  const isSetup = mode === 'setup';
  return (
    <form className="setup-form" onSubmit={submit} noValidate aria-labelledby={`${mode}-form-title`} data-testid={isSetup ? 'setup-form' : 'station-reenroll-form'}>
      <h2 id={`${mode}-form-title`}>{isSetup ? 'Join the central office' : 'Re-enroll this station'}</h2>
      <p className="muted">
        {isSetup
          ? 'The central office printed its address, where its CA certificate and enrollment key are, and the certificate’s fingerprint when it started.'
          : 'Everyone at this station signs in again afterwards, and the station fetches its data afresh.'}
      </p>
      <TextField /* the schema has no limit for a URL; 2,048 is what browsers and servers take */ maxLength={2048}
        id="setup-api-url"
        label="Central office address"
        value={apiUrl}
        onChange={setApiUrl}
        placeholder="https://backlot.example:7450"
        autoComplete="off"
        spellCheck={false}
        error={issueFor(join.error, 'apiUrl')}
      />
      <TextAreaField maxLength={maxLengthOf(CaPemSchema) ?? 20_000}
        id="setup-ca"
        label="CA certificate"
        value={ca}
        onChange={setCa}
        rows={5}
        placeholder="-----BEGIN CERTIFICATE-----"
        hint="Paste the whole ca.crt, or choose the file."
        error={caError}
      />
      <div className="setup-ca-actions">
        <button type="button" className="secondary" data-testid="setup-ca-choose" onClick={() => fileInput.current?.click()}>
          Choose the CA file…
        </button>
        <input ref={fileInput} type="file" accept=".crt,.pem,.cer,application/x-x509-ca-cert" data-testid="setup-ca-file" className="visually-hidden" tabIndex={-1} aria-hidden="true" onChange={(e) => void chooseFile(e)} />
      </div>
      {caInfo && (
        <div className="setup-fingerprint" data-testid="setup-ca-fingerprint" data-fingerprint={caInfo.fingerprint256} role="status">
          <strong>SHA-256 fingerprint</strong>
          <code>{caInfo.fingerprint256}</code>
          <span className="muted">
            {caInfo.subject} · valid until {caInfo.validTo.slice(0, 10)}
          </span>
          <span>It must be the same as the fingerprint the central office printed at start. If it is not, do not go on: ask the central office.</span>
        </div>
      )}
      <TextField maxLength={maxLengthOf(StationEnrollmentSchema.shape.enrollmentKey)}
        id="setup-enrollment-key"
        label="Enrollment key"
        type="password"
        value={enrollmentKey}
        onChange={setEnrollmentKey}
        autoComplete="off"
        hint="The line in the central office’s enrollment.key file."
        error={issueFor(join.error, 'enrollmentKey')}
      />
      <div className="setup-pair">
        <TextField
          id="setup-dc"
          label="Distribution center"
          value={distributionCenter}
          onChange={(v) => setDc(v.toUpperCase().slice(0, 3))}
          autoComplete="off"
          spellCheck={false}
          maxLength={3}
          hint="Three letters, e.g. SJC."
          error={issueFor(join.error, 'distributionCenter')}
        />
        <TextField maxLength={maxLengthOf(StationEnrollmentSchema.shape.stationName)} id="setup-station-name" label="Station name" value={stationName} onChange={setStationName} autoComplete="off" hint="As packers and the central office will see it." error={issueFor(join.error, 'stationName')} />
      </div>
      <div className="actions">
        <button type="submit" data-testid="setup-submit" disabled={join.busy}>
          {join.busy ? 'Joining…' : isSetup ? 'Join the central office' : 'Re-enroll'}
        </button>
      </div>
      {formLevel(join.error, FIELDS) ? (
        <ErrorMessage error={formLevel(join.error, FIELDS)} testId="setup-error" />
      ) : join.error ? (
        <p className="field-error" role="alert" data-testid="setup-error" data-error-code={join.error.code}>
          {join.error.fields?.length === 1 ? 'Check the field marked above.' : 'Check the fields marked above.'}
        </p>
      ) : null}
    </form>
  );
}

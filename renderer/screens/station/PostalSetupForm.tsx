import { useEffect, useState, type FormEvent } from 'react';
import { ADDRESS_CORRECTION_CHOICES, describeAddressCorrection, type DcPostalSetup, type DcPostalSetupInput } from '../../../core/station/postal-setup';
import { call } from '../../api/client';
import { ErrorMessage } from '../../components/ErrorMessage';
import { useAction } from '../../components/use-call';
import { TextField, formLevel, issueFor } from '../../components/fields';

const EMPTY: DcPostalSetupInput = {
  serviceName: '',
  permitNumber: '',
  permitCity: '',
  permitState: '',
  brmPermitNumber: '',
  brmZip: '',
  serviceOption: 'basic',
  addressCorrection: 'none',
  imbTracing: true,
  brmTracing: false,
};

const FIELDS = Object.keys(EMPTY);

/**
 * The distribution center's postal set-up (admins): what its letters and
 * parcels print, and which USPS services they ask for. It belongs to the DC,
 * not the station: saving it reaches every station of the DC at their next sync.
 */
export function PostalSetupForm() {
  const [current, setCurrent] = useState<DcPostalSetup | null>(null);
  const [form, setForm] = useState<DcPostalSetupInput>(EMPTY);
  const [saved, setSaved] = useState(false);
  const show = (setup: DcPostalSetup) => {
    setCurrent(setup);
    if (setup.setup) setForm(setup.setup);
  };
  const load = useAction(async () => show(await call('station.postal.get', {})));
  const save = useAction(async (next: DcPostalSetupInput) => {
    show(await call('station.postal.update', next));
    setSaved(true);
  });

  useEffect(() => {
    void load.run();
  }, []);

  const field = <K extends keyof DcPostalSetupInput>(key: K, value: DcPostalSetupInput[K]) => {
    setSaved(false);
    setForm({ ...form, [key]: value });
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    void save.run(form);
  };
  const issue = (name: keyof DcPostalSetupInput) => issueFor(save.error, name, `setup.${name}`);

  return (
    <section aria-labelledby="postal-title" data-testid="postal-setup">
      <h2 id="postal-title">Postal set-up of {current?.distributionCenter ?? 'this distribution center'}</h2>
      <p className="muted">Printed on every mailpiece of this distribution center. Saving it reaches all its stations at their next sync.</p>
      {current && (
        <p data-testid="postal-stid" data-stid={current.letters?.stid ?? ''}>
          {current.letters
            ? `Letters print Service Type ID ${current.letters.stid}${current.letters.endorsement ? ` with ${current.letters.endorsement}` : ' with no endorsement'}; their Business Reply panel carries STID ${current.letters.replyStid}.`
            : 'Not set yet: no label can print until it is.'}
        </p>
      )}
      <form onSubmit={submit} className="edit-form">
        <TextField id="postal-service-name" label="Service name (sender block)" value={form.serviceName} onChange={(v) => field('serviceName', v)} error={issue('serviceName')} maxLength={40} />
        <TextField id="postal-permit-number" label="Permit imprint number" value={form.permitNumber} onChange={(v) => field('permitNumber', v)} error={issue('permitNumber')} maxLength={12} />
        <TextField id="postal-permit-city" label="Permit Post Office: city" value={form.permitCity} onChange={(v) => field('permitCity', v)} error={issue('permitCity')} maxLength={28} />
        <TextField id="postal-permit-state" label="Permit Post Office: state" value={form.permitState} onChange={(v) => field('permitState', v.toUpperCase())} error={issue('permitState')} maxLength={2} />
        <TextField id="postal-brm-permit-number" label="Business Reply Mail permit number" value={form.brmPermitNumber} onChange={(v) => field('brmPermitNumber', v)} error={issue('brmPermitNumber')} maxLength={12} />
        <TextField id="postal-brm-zip" label="Business Reply ZIP+4 (assigned by USPS)" value={form.brmZip} onChange={(v) => field('brmZip', v)} error={issue('brmZip')} maxLength={10} hint="For example 95131-9901" />
        <div className="edit-field">
          <label htmlFor="postal-service-option">IMb service option</label>
          <select id="postal-service-option" data-testid="postal-service-option" value={form.serviceOption} onChange={(e) => field('serviceOption', e.target.value as DcPostalSetupInput['serviceOption'])}>
            <option value="basic">Basic</option>
            <option value="full-service">Full-Service</option>
          </select>
        </div>
        <div className="edit-field">
          <label htmlFor="postal-address-correction">Address correction and endorsement</label>
          <select
            id="postal-address-correction"
            data-testid="postal-address-correction"
            value={form.addressCorrection}
            onChange={(e) => field('addressCorrection', e.target.value)}
            aria-invalid={issue('addressCorrection') ? true : undefined}
            aria-describedby={issue('addressCorrection') ? 'postal-address-correction-error' : undefined}
          >
            {ADDRESS_CORRECTION_CHOICES.map((key) => (
              <option key={key} value={key}>
                {describeAddressCorrection(key)}
              </option>
            ))}
          </select>
          {issue('addressCorrection') && (
            <span id="postal-address-correction-error" data-testid="postal-address-correction-error" className="field-error" role="alert">
              {issue('addressCorrection')}
            </span>
          )}
        </div>
        <div className="edit-field">
          <label htmlFor="postal-imb-tracing">Track letters (IV-MTR)</label>
          <input id="postal-imb-tracing" data-testid="postal-imb-tracing" type="checkbox" checked={form.imbTracing} onChange={(e) => field('imbTracing', e.target.checked)} />
        </div>
        <div className="edit-field">
          <label htmlFor="postal-brm-tracing">Track Business Reply returns (IV-MTR)</label>
          <input id="postal-brm-tracing" data-testid="postal-brm-tracing" type="checkbox" checked={form.brmTracing} onChange={(e) => field('brmTracing', e.target.checked)} />
        </div>
        <ErrorMessage error={formLevel(save.error, [...FIELDS, ...FIELDS.map((f) => `setup.${f}`)]) ?? load.error} testId="postal-error" />
        <button type="submit" data-testid="postal-save" disabled={save.busy}>
          Save postal set-up
        </button>
      </form>
      {saved && (
        <p role="status" data-testid="postal-saved">
          Saved. Every station of {current?.distributionCenter} prints with it after its next sync.
        </p>
      )}
    </section>
  );
}

import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { CampaignChannel, CampaignExport, CampaignOptions, CampaignPreview, CampaignSummary } from '../../../core/privacy/campaigns';
import type { MethodInput } from '../../../core/contract';
import { call } from '../../api/client';
import { ErrorMessage } from '../../components/ErrorMessage';
import { FieldNote, fieldAria, formLevel, issueUnder } from '../../components/fields';
import { useAction } from '../../components/use-call';
import { useReveal } from '../../components/use-reveal';
import { DownloadFiles } from './DownloadFiles';
import { CampaignDefinitionSchema } from '../../../core/privacy/campaigns';
import { maxLengthOf } from '../../../core/text';

export function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

interface Form {
  name: string;
  partnerName: string;
  vendorName: string;
  channel: CampaignChannel;
  dataUse: string;
  genres: string[];
  days: number;
  states: string;
  plans: number[];
}

const EMPTY: Form = { name: '', partnerName: '', vendorName: '', channel: 'postal', dataUse: 'partner_mailings', genres: [], days: 90, states: '', plans: [] };

function toggle<T>(list: T[], value: T): T[] {
  return list.includes(value) ? list.filter((v) => v !== value) : [...list, value];
}

/**
 * Partner campaigns through a mailing vendor. policy: customers who asked to
 * be excluded, switched the channel off or have not consented to the use are
 * always left out; the partner gets counts and vendor tokens, never contact details.
 */
/** The definition's fields shown in the form, each with its own message under it. */
const CAMPAIGN_FIELDS = ['name', 'partnerName', 'vendorName', 'channel', 'dataUse', 'criteria.genres', 'criteria.rentedWithinDays', 'criteria.states'];

export function CampaignsTab() {
  const [options, setOptions] = useState<CampaignOptions | null>(null);
  const [form, setForm] = useState<Form>(EMPTY);
  const [preview, setPreview] = useState<CampaignPreview | null>(null);
  const [exported, setExported] = useState<CampaignExport | null>(null);
  const [campaigns, setCampaigns] = useState<CampaignSummary[]>([]);

  const load = useAction(useCallback(async () => {
    const [o, list] = await Promise.all([call('privacy.campaigns.options', {}), call('privacy.campaigns.list', {})]);
    setOptions(o);
    setCampaigns(list.campaigns);
  }, []));
  useEffect(() => {
    void load.run();
  }, [load.run]);

  const definition = (): MethodInput<'privacy.campaigns.preview'> => ({
    name: form.name,
    partnerName: form.partnerName,
    vendorName: form.vendorName,
    channel: form.channel,
    dataUse: form.dataUse,
    criteria: {
      genres: form.genres,
      rentedWithinDays: form.days,
      states: form.states.split(/[\s,;]+/).map((s) => s.trim().toUpperCase()).filter((s) => s.length > 0),
      plans: form.plans,
    },
  });
  const [previews, setPreviews] = useState<number | null>(null);
  const runPreview = useAction(async () => {
    setPreview(await call('privacy.campaigns.preview', definition()));
    setPreviews((n) => (n ?? 0) + 1);
  });
  const runExport = useAction(async () => {
    const result = await call('privacy.campaigns.export', definition());
    setExported(result);
    setPreview(result.preview);
    setCampaigns((await call('privacy.campaigns.list', {})).campaigns);
  });
  const set = <K extends keyof Form>(key: K, value: Form[K]) => {
    setForm((f) => ({ ...f, [key]: value }));
    setPreview(null);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void runPreview.run();
  };
  const formError = runPreview.error ?? runExport.error;
  // A preview (and the files after an export) open below the long form: brought into view with the keyboard on them.
  const previewTitle = useReveal<HTMLHeadingElement>(previews);
  const filesTitle = useReveal<HTMLHeadingElement>(exported);
  const issue = (path: string) => issueUnder(formError, path);

  return (
    <div className="stack">
      <p className="muted">
        Select customers by what they rented, where they live and their plan. Customers who asked to be left out of partner mailings, who switched the channel off, or who have not
        accepted the policy version the use needs are always left out.
      </p>
      <ErrorMessage error={load.error} testId="privacy-campaign-load-error" />
      <form className="form-grid" onSubmit={submit} aria-label="Partner campaign">
        <label htmlFor="privacy-campaign-name">Campaign name</label>
        <div className="grid-field">
          <input maxLength={maxLengthOf(CampaignDefinitionSchema.shape.name)} {...fieldAria('privacy-campaign-name', issue('name'))} id="privacy-campaign-name" data-testid="privacy-campaign-name" value={form.name} onChange={(e) => set('name', e.target.value)} />
          <FieldNote id="privacy-campaign-name" error={issue('name')} />
        </div>
        <label htmlFor="privacy-campaign-partner">Partner company</label>
        <div className="grid-field">
          <input maxLength={maxLengthOf(CampaignDefinitionSchema.shape.partnerName)} {...fieldAria('privacy-campaign-partner', issue('partnerName'))} id="privacy-campaign-partner" data-testid="privacy-campaign-partner" value={form.partnerName} onChange={(e) => set('partnerName', e.target.value)} />
          <FieldNote id="privacy-campaign-partner" error={issue('partnerName')} />
        </div>
        <label htmlFor="privacy-campaign-vendor">Mailing vendor</label>
        <div className="grid-field">
          <input maxLength={maxLengthOf(CampaignDefinitionSchema.shape.vendorName)} {...fieldAria('privacy-campaign-vendor', issue('vendorName'))} id="privacy-campaign-vendor" data-testid="privacy-campaign-vendor" value={form.vendorName} onChange={(e) => set('vendorName', e.target.value)} />
          <FieldNote id="privacy-campaign-vendor" error={issue('vendorName')} />
        </div>
        <label htmlFor="privacy-campaign-channel">Channel</label>
        <div className="grid-field">
          <select {...fieldAria('privacy-campaign-channel', issue('channel'))} id="privacy-campaign-channel" data-testid="privacy-campaign-channel" value={form.channel} onChange={(e) => set('channel', e.target.value === 'email' ? 'email' : 'postal')}>
            <option value="postal">Postal mail (vendor gets token and postal address)</option>
            <option value="email">Email (vendor gets tokens, and a separate key file)</option>
          </select>
          <FieldNote id="privacy-campaign-channel" error={issue('channel')} />
        </div>
        <label htmlFor="privacy-campaign-use">Declared use of data</label>
        <div className="grid-field">
          <select {...fieldAria('privacy-campaign-use', issue('dataUse'))} id="privacy-campaign-use" data-testid="privacy-campaign-use" value={form.dataUse} onChange={(e) => set('dataUse', e.target.value)}>
            {(options?.dataUses ?? [{ name: 'partner_mailings', requiresVersion: '2003-06' }]).map((u) => (
              <option key={u.name} value={u.name}>
                {u.name} (needs policy {u.requiresVersion})
              </option>
            ))}
          </select>
          <FieldNote id="privacy-campaign-use" error={issue('dataUse')} />
        </div>
        <span className="form-label" id="privacy-campaign-genres-label">
          Rented a title of
        </span>
        <div className="grid-field">
          <fieldset {...fieldAria('privacy-campaign-genres', issue('criteria.genres'))} className="checks" aria-labelledby="privacy-campaign-genres-label" data-testid="privacy-campaign-genres">
            {(options?.genres ?? []).map((g) => (
              <label key={g} className="check">
                <input type="checkbox" data-testid={`privacy-campaign-genre-${slug(g)}`} checked={form.genres.includes(g)} onChange={() => set('genres', toggle(form.genres, g))} />
                {g}
              </label>
            ))}
          </fieldset>
          <FieldNote id="privacy-campaign-genres" error={issue('criteria.genres')} />
        </div>
        <label htmlFor="privacy-campaign-days">… within the last (days)</label>
        <div className="grid-field">
          <input {...fieldAria('privacy-campaign-days', issue('criteria.rentedWithinDays'))} id="privacy-campaign-days" data-testid="privacy-campaign-days" type="number" min={1} max={730} value={form.days} onChange={(e) => set('days', Number(e.target.value))} />
          <FieldNote id="privacy-campaign-days" error={issue('criteria.rentedWithinDays')} />
        </div>
        <label htmlFor="privacy-campaign-states">States (two-letter codes; empty for every state)</label>
        <div className="grid-field">
          <input /* up to 60 state codes (CampaignCriteriaSchema.states), each "XX, " */ maxLength={240} {...fieldAria('privacy-campaign-states', issue('criteria.states'))} id="privacy-campaign-states" data-testid="privacy-campaign-states" placeholder="e.g. CA, OR, WA" value={form.states} onChange={(e) => set('states', e.target.value)} />
          <FieldNote id="privacy-campaign-states" error={issue('criteria.states')} />
        </div>
        <span className="form-label" id="privacy-campaign-plans-label">
          Plans (none checked for every plan)
        </span>
        <fieldset className="checks" aria-labelledby="privacy-campaign-plans-label">
          {(options?.plans ?? []).map((p) => (
            <label key={p} className="check">
              <input type="checkbox" data-testid={`privacy-campaign-plan-${p}`} checked={form.plans.includes(p)} onChange={() => set('plans', toggle(form.plans, p))} />
              {p} disc{p === 1 ? '' : 's'} out
            </label>
          ))}
        </fieldset>
        <div />
        <div className="actions">
          <button type="submit" data-testid="privacy-campaign-preview" disabled={runPreview.busy}>
            Preview
          </button>
          <button type="button" className="secondary" data-testid="privacy-campaign-export" disabled={runExport.busy || !preview || preview.eligible === 0} onClick={() => void runExport.run()}>
            Create campaign and files
          </button>
        </div>
      </form>
      <ErrorMessage error={formLevel(formError, (formError?.fields ?? []).map((f) => f.field).filter((f) => CAMPAIGN_FIELDS.some((p) => f === p || f.startsWith(`${p}.`))))} testId="privacy-campaign-error" />
      {preview && (
        <section className="detail" aria-labelledby="privacy-campaign-preview-title" data-testid="privacy-campaign-preview-result">
          <h2 id="privacy-campaign-preview-title" ref={previewTitle} tabIndex={-1}>
            Who this campaign reaches
          </h2>
          <dl className="facts">
            <dt>Match the activity</dt>
            <dd data-testid="privacy-campaign-matched">{preview.matched}</dd>
            <dt>Left out: closed account</dt>
            <dd>{preview.excluded.inactive}</dd>
            <dt>Left out: asked to be excluded from partner mailings</dt>
            <dd data-testid="privacy-campaign-opted-out">{preview.excluded.optedOut}</dd>
            <dt>Left out: switched {form.channel === 'postal' ? 'postal offers' : 'promotional email'} off</dt>
            <dd>{preview.excluded.channelPreference}</dd>
            <dt>Left out: has not accepted policy {preview.requiresVersion}</dt>
            <dd>{preview.excluded.consent}</dd>
            <dt>Left out: no shipping address</dt>
            <dd>{preview.excluded.noAddress}</dd>
            <dt>Recipients</dt>
            <dd data-testid="privacy-campaign-eligible">{preview.eligible}</dd>
          </dl>
        </section>
      )}
      {exported && (
        <section aria-labelledby="privacy-campaign-files-title">
          <h2 id="privacy-campaign-files-title" ref={filesTitle} tabIndex={-1}>
            Files for campaign “{exported.campaign.name}”
          </h2>
          <p role="status" data-testid="privacy-campaign-created">
            Campaign created for {exported.campaign.recipients} recipients; each file below is recorded in the disclosure register.
          </p>
          <DownloadFiles files={exported.files} testIdPrefix="privacy-campaign" />
        </section>
      )}
      <h2>Campaigns</h2>
      <table data-testid="privacy-campaigns-table">
        <thead>
          <tr>
            <th scope="col">Created</th>
            <th scope="col">Campaign</th>
            <th scope="col">Partner</th>
            <th scope="col">Vendor</th>
            <th scope="col">Channel</th>
            <th scope="col">Recipients</th>
            <th scope="col">By</th>
          </tr>
        </thead>
        <tbody>
          {campaigns.map((c) => (
            <tr key={c.id} data-testid={`privacy-campaign-row-${c.id}`}>
              <td>{c.createdAt.replace('T', ' ').slice(0, 16)}</td>
              <td>{c.name}</td>
              <td>{c.partnerName}</td>
              <td>{c.vendorName}</td>
              <td>{c.channel}</td>
              <td>{c.recipients}</td>
              <td>{c.createdBy}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

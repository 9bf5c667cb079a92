import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { PolicyOverview } from '../../../core/privacy/policy';
import { call } from '../../api/client';
import { ErrorMessage } from '../../components/ErrorMessage';
import { FieldNote, fieldAria, formLevel, issueFor } from '../../components/fields';
import { useAction } from '../../components/use-call';
import { DataUseNameSchema, DeclareUseInputSchema, PolicyVersionIdSchema, PublishVersionInputSchema } from '../../../core/privacy/policy';
import { maxLengthOf } from '../../../core/text';

/**
 * Policy versions and declared uses of data. policy: "Netflix will obtain
 * email consent from any user if the company is going to be using the
 * information collected in a manner different from that stated when the user
 * registered." A new version queues the notice-and-consent emails; a new use
 * names the version that permits it.
 */
export function PolicyTab() {
  const [overview, setOverview] = useState<PolicyOverview | null>(null);
  const [version, setVersion] = useState({ version: '', summary: '' });
  const [use, setUse] = useState({ name: '', description: '', requiresVersion: '' });
  const [notice, setNotice] = useState<string | null>(null);
  const load = useAction(useCallback(async () => setOverview(await call('privacy.policy.overview', {})), []));
  useEffect(() => {
    void load.run();
  }, [load.run]);
  const publish = useAction(async () => {
    const r = await call('privacy.policy.publishVersion', version);
    setNotice(`Version ${r.version} published; ${r.noticesQueued} notice-and-consent emails queued.`);
    setVersion({ version: '', summary: '' });
    await load.run();
  });
  const declare = useAction(async () => {
    const u = await call('privacy.policy.declareUse', { ...use, requiresVersion: use.requiresVersion || (overview?.versions.at(-1)?.version ?? '') });
    setNotice(`Use ${u.name} declared; it may reach ${u.customersConsented} customers who accepted ${u.requiresVersion}.`);
    setUse({ name: '', description: '', requiresVersion: '' });
    await load.run();
  });
  const publishIssue = (name: string) => issueFor(publish.error, name);
  const declareIssue = (name: string) => issueFor(declare.error, name);
  const submit = (action: () => Promise<unknown>) => (e: FormEvent) => {
    e.preventDefault();
    void action();
  };

  return (
    <div className="stack">
      <ErrorMessage error={load.error} testId="privacy-policy-error" />
      {notice && (
        <p role="status" data-testid="privacy-policy-notice">
          {notice}
        </p>
      )}
      <h2>Versions</h2>
      <table data-testid="privacy-policy-versions">
        <thead>
          <tr>
            <th scope="col">Version</th>
            <th scope="col">Published</th>
            <th scope="col">Summary</th>
            <th scope="col">Active customers who accepted it</th>
            <th scope="col">Consent emails queued</th>
          </tr>
        </thead>
        <tbody>
          {overview?.versions.map((v) => (
            <tr key={v.version} data-testid={`privacy-policy-version-${v.version}`}>
              <td>{v.version}</td>
              <td>{v.publishedAt.slice(0, 10)}</td>
              <td>{v.summary}</td>
              <td>
                {v.customersAccepted} of {overview.activeCustomers}
              </td>
              <td>{v.noticesQueued}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Uses of data</h2>
      <table data-testid="privacy-policy-uses">
        <thead>
          <tr>
            <th scope="col">Use</th>
            <th scope="col">What it is</th>
            <th scope="col">Needs version</th>
            <th scope="col">Customers it may reach</th>
            <th scope="col">Declared</th>
          </tr>
        </thead>
        <tbody>
          {overview?.uses.map((u) => (
            <tr key={u.name} data-testid={`privacy-policy-use-${u.name}`}>
              <td>{u.name}</td>
              <td>{u.description}</td>
              <td>{u.requiresVersion}</td>
              <td>{u.customersConsented}</td>
              <td>
                {u.declaredAt.slice(0, 10)}
                {u.declaredBy ? ` by ${u.declaredBy.displayName}` : ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <section className="detail" aria-labelledby="privacy-publish-title">
        <h2 id="privacy-publish-title">Publish a new version</h2>
        <form className="form-grid" onSubmit={submit(publish.run)}>
          <label htmlFor="privacy-policy-version">Version</label>
          <div className="grid-field">
            <input maxLength={maxLengthOf(PolicyVersionIdSchema)} {...fieldAria('privacy-policy-version', publishIssue('version'))} id="privacy-policy-version" data-testid="privacy-policy-version" placeholder="e.g. 2004-01" value={version.version} onChange={(e) => setVersion({ ...version, version: e.target.value })} />
            <FieldNote id="privacy-policy-version" error={publishIssue('version')} />
          </div>
          <label htmlFor="privacy-policy-summary">What changes</label>
          <div className="grid-field">
            <textarea maxLength={maxLengthOf(PublishVersionInputSchema.shape.summary)} {...fieldAria('privacy-policy-summary', publishIssue('summary'))} id="privacy-policy-summary" data-testid="privacy-policy-summary" rows={2} value={version.summary} onChange={(e) => setVersion({ ...version, summary: e.target.value })} />
            <FieldNote id="privacy-policy-summary" error={publishIssue('summary')} />
          </div>
          <div />
          <button type="submit" data-testid="privacy-policy-publish" disabled={publish.busy}>
            Publish and queue consent emails
          </button>
        </form>
        <ErrorMessage error={formLevel(publish.error, ['version', 'summary'])} testId="privacy-policy-publish-error" />
      </section>
      <section className="detail" aria-labelledby="privacy-declare-title">
        <h2 id="privacy-declare-title">Declare a new use of data</h2>
        <form className="form-grid" onSubmit={submit(declare.run)}>
          <label htmlFor="privacy-use-name">Name</label>
          <div className="grid-field">
            <input maxLength={maxLengthOf(DataUseNameSchema)} {...fieldAria('privacy-use-name', declareIssue('name'))} id="privacy-use-name" data-testid="privacy-use-name" placeholder="e.g. partner_mailings_email" value={use.name} onChange={(e) => setUse({ ...use, name: e.target.value })} />
            <FieldNote id="privacy-use-name" error={declareIssue('name')} />
          </div>
          <label htmlFor="privacy-use-description">What the data is used for</label>
          <div className="grid-field">
            <textarea maxLength={maxLengthOf(DeclareUseInputSchema.shape.description)} {...fieldAria('privacy-use-description', declareIssue('description'))} id="privacy-use-description" data-testid="privacy-use-description" rows={2} value={use.description} onChange={(e) => setUse({ ...use, description: e.target.value })} />
            <FieldNote id="privacy-use-description" error={declareIssue('description')} />
          </div>
          <label htmlFor="privacy-use-requires">Permitted from version</label>
          <div className="grid-field">
            <select {...fieldAria('privacy-use-requires', declareIssue('requiresVersion'))} id="privacy-use-requires" data-testid="privacy-use-requires" value={use.requiresVersion || (overview?.versions.at(-1)?.version ?? '')} onChange={(e) => setUse({ ...use, requiresVersion: e.target.value })}>
              {overview?.versions.map((v) => (
                <option key={v.version} value={v.version}>
                  {v.version}
                </option>
              ))}
            </select>
            <FieldNote id="privacy-use-requires" error={declareIssue('requiresVersion')} />
          </div>
          <div />
          <button type="submit" data-testid="privacy-use-declare" disabled={declare.busy}>
            Declare use
          </button>
        </form>
        <ErrorMessage error={formLevel(declare.error, ['name', 'description', 'requiresVersion'])} testId="privacy-use-error" />
      </section>
    </div>
  );
}

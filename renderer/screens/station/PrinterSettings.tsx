import { useEffect, useState, type FormEvent } from 'react';
import type { TestPrintOutcome } from '../../../core/labels/contract';
import type { PrinterSettings as Printer, PrinterSettingsInput } from '../../../core/station/schemas';
import { call } from '../../api/client';
import { ErrorMessage } from '../../components/ErrorMessage';
import { formLevel, issueFor, SelectField, TextField } from '../../components/fields';
import { useAction } from '../../components/use-call';

type Kind = 'none' | Printer['kind'];

interface Draft {
  kind: Kind;
  name: string;
  host: string;
  port: string;
  directory: string;
  language: 'zpl' | 'page';
  layout: '4x6' | 'letter-mailer';
}

const KINDS = [
  { value: 'none', label: 'No label printer' },
  { value: 'zpl-tcp', label: 'ZPL label printer on the network' },
  { value: 'system', label: 'A printer of this computer' },
  { value: 'pdf-file', label: 'PDF files in a folder' },
] as const;

const LAYOUTS = [
  { value: '4x6', label: '4 x 6 in labels' },
  { value: 'letter-mailer', label: 'Letter mailer (Letter pages, or 4 x 2 in labels on a thermal printer)' },
];

const LANGUAGES = [
  { value: 'page', label: 'An ordinary printer: the label prints as a page' },
  { value: 'zpl', label: 'A ZPL label printer on USB: the label goes raw' },
];

const FIELDS = ['printer', 'printer.kind', 'printer.name', 'printer.host', 'printer.port', 'printer.directory', 'printer.language', 'printer.layout'];

function draftOf(p: Printer | null): Draft {
  return {
    kind: p?.kind ?? 'none',
    name: p?.name ?? '',
    host: p?.kind === 'zpl-tcp' ? p.host : '',
    port: p?.kind === 'zpl-tcp' ? String(p.port) : '9100',
    directory: p?.kind === 'pdf-file' ? p.directory : '',
    language: p?.kind === 'system' ? p.language : 'page',
    layout: p?.layout ?? '4x6',
  };
}

/** The settings the draft stands for; the port goes as typed so main says what is wrong with it. */
function printerOf(d: Draft): PrinterSettingsInput | null {
  switch (d.kind) {
    case 'none':
      return null;
    case 'zpl-tcp':
      return { kind: 'zpl-tcp', name: d.name, host: d.host, port: d.port.trim() === '' ? Number.NaN : Number(d.port), layout: d.layout };
    case 'pdf-file':
      return { kind: 'pdf-file', name: d.name, directory: d.directory, layout: d.layout };
    case 'system':
      return { kind: 'system', name: d.name, language: d.language, layout: d.layout };
  }
}

/**
 * The station's label printer (issue #14): which kind, where, which labels
 * it has loaded, and a test print that says whether the label arrived.
 * Printers of this computer are listed from the operating system.
 */
export function PrinterSettings({ printer, onSaved }: { printer: Printer | null; onSaved(p: Printer | null): void }) {
  const [draft, setDraft] = useState<Draft>(() => draftOf(printer));
  const [saved, setSaved] = useState(false);
  const [outcome, setOutcome] = useState<TestPrintOutcome | null>(null);
  const system = useAction(async () => call('station.systemPrinters', {}));
  const [systemList, setSystemList] = useState<Awaited<ReturnType<typeof call<'station.systemPrinters'>>> | null>(null);
  const save = useAction(async () => {
    const next = await call('station.settings.update', { printer: printerOf(draft) as Printer | null });
    setDraft(draftOf(next.printer));
    setSaved(true);
    onSaved(next.printer);
  });
  const test = useAction(async () => {
    const p = printerOf(draft);
    if (!p) return;
    setOutcome(await call('labels.testPrint', { printer: p as Printer }));
  });

  const lookAgain = async () => setSystemList((await system.run()) ?? null);
  useEffect(() => {
    if (draft.kind === 'system' && !systemList) void lookAgain();
  }, [draft.kind]);

  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => {
    setDraft((d) => ({ ...d, [key]: value }));
    setSaved(false);
    setOutcome(null);
  };
  const error = save.error ?? test.error;
  const fieldError = (name: string) => issueFor(error, `printer.${name}`);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void save.run();
  };

  const osPrinters = systemList?.printers ?? [];
  const nameIsListed = osPrinters.some((p) => p.name === draft.name);
  return (
    <form className="edit-form printer-form" onSubmit={submit} noValidate aria-labelledby="printer-title" data-testid="station-printer">
      <h2 id="printer-title">Label printer</h2>
      <SelectField id="station-printer-kind" label="Kind of printer" value={draft.kind} options={KINDS} onChange={(v) => set('kind', v as Kind)} error={fieldError('kind')} />

      {draft.kind === 'zpl-tcp' && (
        <div className="setup-pair">
          <TextField /* PrinterSettingsSchema: host */ maxLength={253} id="station-printer-host" label="Network address" value={draft.host} onChange={(v) => set('host', v)} placeholder="192.168.1.50" autoComplete="off" spellCheck={false} error={fieldError('host')} />
          <TextField /* a port is at most 65535 */ maxLength={5} id="station-printer-port" label="Port" value={draft.port} onChange={(v) => set('port', v)} inputMode="numeric" autoComplete="off" hint="Zebra printers listen on 9100." error={fieldError('port')} />
        </div>
      )}

      {draft.kind === 'system' &&
        (osPrinters.length > 0 ? (
          <SelectField
            id="station-printer-name"
            label="Printer"
            value={nameIsListed ? draft.name : ''}
            options={[{ value: '', label: 'Choose a printer…' }, ...osPrinters.map((p) => ({ value: p.name, label: p.displayName === p.name ? p.name : `${p.displayName} (${p.name})` }))]}
            onChange={(v) => set('name', v)}
            error={fieldError('name')}
          />
        ) : (
          <TextField /* PrinterSettingsSchema: name */ maxLength={200} id="station-printer-name" label="Printer (its name in the system)" value={draft.name} onChange={(v) => set('name', v)} autoComplete="off" spellCheck={false} error={fieldError('name')} />
        ))}
      {draft.kind === 'system' && (
        <div className="printer-list-note">
          <span className="muted" data-testid="station-printer-list-note">
            {system.busy ? 'Asking the computer for its printers…' : (systemList?.note ?? (systemList ? `${osPrinters.length} printer${osPrinters.length === 1 ? '' : 's'} found.` : ''))}
          </span>
          <button type="button" className="secondary" data-testid="station-printer-refresh" onClick={() => void lookAgain()} disabled={system.busy}>
            Look again
          </button>
        </div>
      )}
      {draft.kind === 'system' && <SelectField id="station-printer-language" label="What it prints" value={draft.language} options={LANGUAGES} onChange={(v) => set('language', v as Draft['language'])} error={fieldError('language')} />}

      {draft.kind === 'pdf-file' && (
        <TextField /* PrinterSettingsSchema: directory */ maxLength={1024} id="station-printer-directory" label="Folder" value={draft.directory} onChange={(v) => set('directory', v)} placeholder="/srv/labels" autoComplete="off" spellCheck={false} error={fieldError('directory')} />
      )}
      {(draft.kind === 'zpl-tcp' || draft.kind === 'pdf-file') && (
        <TextField /* PrinterSettingsSchema: name */ maxLength={200} id="station-printer-name" label="Name packers see" value={draft.name} onChange={(v) => set('name', v)} placeholder="Zebra at line 1" autoComplete="off" error={fieldError('name')} />
      )}
      {draft.kind !== 'none' && <SelectField id="station-printer-layout" label="Labels loaded" value={draft.layout} options={LAYOUTS} onChange={(v) => set('layout', v as Draft['layout'])} error={fieldError('layout')} />}

      <div className="actions">
        <button type="submit" data-testid="station-printer-save" disabled={save.busy}>
          Save printer
        </button>
        {draft.kind !== 'none' && (
          <button type="button" className="secondary" data-testid="station-printer-test" disabled={test.busy} onClick={() => void test.run()}>
            {test.busy ? 'Printing a test label…' : 'Print a test label'}
          </button>
        )}
      </div>
      {saved && (
        <p role="status" data-testid="station-printer-saved">
          Printer saved.
        </p>
      )}
      {outcome && (
        <p className={outcome.arrived ? 'test-ok' : 'test-bad'} role={outcome.arrived ? 'status' : 'alert'} data-testid="station-printer-test-result" data-arrived={String(outcome.arrived)}>
          <strong>{outcome.arrived ? 'The test label arrived. ' : 'The test label did not arrive. '}</strong>
          {outcome.message}
        </p>
      )}
      <ErrorMessage error={formLevel(error, FIELDS)} testId="station-printer-error" />
    </form>
  );
}

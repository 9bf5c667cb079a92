/**
 * The end-of-day manifest of this station's distribution center: every piece
 * shipped that day under its mailer ID, as the CSV and PDF USPS takes
 * (`manifest-files.ts`). Knex (once a day, not a hot path).
 */
import type { Knex } from 'knex';
import { AppError } from '../../../core/errors';
import type { Clock } from '../../host/clock';
import type { SettingsStore } from '../../settings/settings-store';
import type { ManifestRow } from './manifest-files';

export interface ManifestServiceDeps {
  knex: Knex;
  settings: SettingsStore;
  clock: Clock;
}

export class ManifestService {
  constructor(private readonly deps: ManifestServiceDeps) {}

  /**
   * The day's pieces of this DC's mailer ID, each with its piece type, STID
   * (letters), tracking (IMb digits or IMpb) and the serial of its Business
   * Reply return, from the label it went out with. The day defaults to today
   * by the station's clock.
   */
  async manifest(date: string | undefined) {
    // The manifest's PDF writer (pdfkit) loads when a manifest is asked for, not at every start of the station.
    const { MANIFEST_SQL, manifestCsv, manifestPdf, manifestPieces } = await import('./manifest-files');
    const day = date ?? this.deps.clock.now().toISOString().slice(0, 10);
    const dc = await this.deps.knex('distribution_centers').where('code', this.deps.settings.get().distributionCenter).first<{ code: string; mailer_id: string } | undefined>('code', 'mailer_id');
    if (!dc) throw new AppError('NOT_FOUND', 'This station’s distribution center is not in its cache yet; sync first.');
    const rows = (await this.deps.knex.raw(MANIFEST_SQL, [dc.code, `${day}T00:00:00`, `${day}T99`])) as ManifestRow[];
    const pieces = manifestPieces(dc.mailer_id, rows);
    const title = `Manifest ${dc.code} ${day}`;
    const pdf = await manifestPdf(title, dc.mailer_id, pieces);
    return { date: day, pieces: pieces.length, files: [{ mailerId: dc.mailer_id, filename: `manifest-${dc.code}-${day}-${dc.mailer_id}`, csv: manifestCsv(dc.mailer_id, pieces), pdfBase64: pdf.toString('base64') }] };
  }
}

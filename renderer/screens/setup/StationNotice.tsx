import type { StationStatus } from '../../../core/station/schemas';

/** Something the station wants read at start (its settings file was damaged and set aside). */
export function StationNotice({ status }: { status: StationStatus | null }) {
  if (!status?.notice) return null;
  return (
    <p className="notice" role="status" data-testid="station-notice">
      {status.notice}
    </p>
  );
}

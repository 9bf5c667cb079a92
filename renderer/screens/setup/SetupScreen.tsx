import type { StationStatus } from '../../../core/station/schemas';
import { useSession } from '../../store/session-store';
import { StationNotice } from './StationNotice';
import { EnrollmentForm } from './EnrollmentForm';

/**
 * First run: a station that has never joined a central office shows this
 * instead of the sign-in screen (nobody can sign in before it has). On
 * success the station is registered and the sign-in screen follows.
 */
export function SetupScreen({ status }: { status: StationStatus }) {
  const refreshStatus = useSession((s) => s.refreshStatus);
  return (
    <main className="setup" data-testid="setup-screen">
      <div className="card setup-card">
        <h1>Set up this station</h1>
        <StationNotice status={status} />
        {status.registering && (
          <p role="status" data-testid="setup-registering">
            Registering with the central office at {status.apiUrl}…
          </p>
        )}
        {/* Hidden, not unmounted, while a registration runs: if the central office refuses it, the admin's entries and the reason are still there. */}
        <div hidden={status.registering}>
          <EnrollmentForm
            mode="setup"
            initial={{ apiUrl: /^https?:\/\/(127\.0\.0\.1|localhost):7450$/.test(status.apiUrl) ? '' : status.apiUrl, distributionCenter: '', stationName: '' }}
            onJoined={() => refreshStatus()}
          />
        </div>
      </div>
    </main>
  );
}

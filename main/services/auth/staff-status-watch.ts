/**
 * A deactivation or a lock-out at the central office ends the person's open
 * sessions here at the latest at the station's next exchange with it: the
 * connectivity check every few seconds, and every Sync now. The station asks
 * about every staff member it knows (not only those signed in), so one that
 * goes offline afterwards still keeps out someone it has heard is gone.
 */
import { AppError } from '../../../core/errors';
import { STAFF_STATUS_MAX } from '../../../core/auth/schemas';
import type { Logger } from '../../../platform/logger';
import type { CentralClient } from '../../central/central-client';
import type { AuthService } from './auth-service';

export class StaffStatusWatch {
  private running: Promise<void> | null = null;

  constructor(private readonly deps: { central: CentralClient; auth: AuthService; logger: Logger; registered: () => boolean }) {}

  /** One check at a time; a call while one runs waits for it. */
  check(): Promise<void> {
    this.running ??= this.run().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async run(): Promise<void> {
    if (!this.deps.registered()) return;
    const ids = await this.deps.auth.knownStaffIds();
    for (let i = 0; i < ids.length; i += STAFF_STATUS_MAX) {
      let answer;
      try {
        answer = await this.deps.central.call('staff.status', { staffIds: ids.slice(i, i + STAFF_STATUS_MAX) });
      } catch (err) {
        // Unreachable: the station keeps what it learned last. Anything else is logged and tried again next time.
        if (!(err instanceof AppError && err.code === 'OFFLINE')) this.deps.logger.warn({ code: err instanceof AppError ? err.code : 'INTERNAL' }, 'staff status check failed');
        return;
      }
      await this.deps.auth.applyCentralStaffStatus(answer.staff);
    }
  }
}

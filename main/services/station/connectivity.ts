import type { CentralClient } from '../../central/central-client';

/**
 * Whether the central API answers, checked in the background so the status
 * bar never waits on the network. Any successful call elsewhere can report
 * in too (`markOnline`), and an OFFLINE error `markOffline`.
 */
export class Connectivity {
  private online = false;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly central: CentralClient,
    private readonly intervalMs = 5000,
    /** Runs after every check that reached the central office (the station's regular exchange with it). */
    private readonly onReachable?: () => Promise<void>,
  ) {}

  isOnline(): boolean {
    return this.online;
  }

  markOnline(): void {
    this.online = true;
  }

  markOffline(): void {
    this.online = false;
  }

  async check(): Promise<boolean> {
    try {
      await this.central.health();
      this.online = true;
    } catch {
      this.online = false;
    }
    if (this.online) await this.onReachable?.().catch(() => undefined);
    return this.online;
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.check(), this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}

import type { CentralClient } from '../../central/central-client';

/**
 * Whether the central API answers. The station's one client reports every
 * exchange (`onReachability`), so a failed call anywhere shows at once; in
 * between, a background health check keeps the status bar current without
 * it ever waiting on the network.
 */
export class Connectivity {
  private online = false;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly central: CentralClient,
    private readonly intervalMs = 5000,
    /** Runs after every check that reached the central office (the station's regular exchange with it). */
    private readonly onReachable?: () => Promise<void>,
  ) {
    central.onReachability((reachable) => {
      this.online = reachable;
    });
  }

  isOnline(): boolean {
    return this.online;
  }

  async check(): Promise<boolean> {
    try {
      await this.central.call('station.health', {});
    } catch {
      // Failures that never reached the network (no CA configured) report nothing: they are offline too.
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

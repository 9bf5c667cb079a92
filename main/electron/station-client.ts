/**
 * The shell's side of the station's utility process: starts it, relays every
 * renderer call to its dispatch, answers its printing requests, restarts it
 * if it dies after starting (a crash must not leave a kiosk that answers
 * nothing), and closes it on quit so SQLite and the print queue end cleanly.
 *
 * `fork` is Electron's `utilityProcess.fork`; tests hand in a stand-in built
 * on `child_process.fork`, so this file imports nothing from `electron`.
 */
import { wallClock } from '../../core/clock';
import { AppError, type Result } from '../../core/errors';
import type { Logger } from '../../platform/logger';
import type { Call, Dispatch } from '../host/dispatch';
import { Channel, type ChannelHandlers } from './channel';
import type { StationStartConfig, StationStarted } from './station-protocol';

/** The part of Electron's UtilityProcess the shell uses. */
export interface UtilityChild {
  readonly pid?: number | undefined;
  postMessage(message: unknown): void;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  kill(): boolean;
}

export type ForkUtility = (modulePath: string, args: string[], options: { serviceName: string; stdio?: 'inherit' | 'ignore' | 'pipe' }) => UtilityChild;

export interface StationClientOptions {
  modulePath: string;
  fork: ForkUtility;
  config: StationStartConfig;
  /** What the station may ask of the shell (the OS printer list, page printing). */
  shell: ChannelHandlers;
  logger: Logger;
  /** A station that died after starting is started again, at most this many times in `restartWindowMs`. */
  maxRestarts?: number;
  restartWindowMs?: number;
  /** How long `close()` waits for the station to close its database before killing it. */
  closeTimeoutMs?: number;
}

interface Running {
  child: UtilityChild;
  channel: Channel;
  exited: Promise<number>;
}

const STARTING = 'The station is starting; try again in a moment.';

export class StationClient {
  private running: Running | null = null;
  private started: Promise<StationStarted>;
  private readonly restarts: number[] = [];
  private closing: Promise<void> | null = null;
  private readonly failureListeners = new Set<(err: Error) => void>();

  constructor(private readonly opts: StationClientOptions) {
    this.started = this.launch();
    // A failure is reported through onFatal (and the first `ready`): never an unhandled rejection.
    this.started.catch(() => undefined);
  }

  /** Settles when the station has opened its cache and answers calls; rejects with words for the error box if it cannot. */
  get ready(): Promise<StationStarted> {
    return this.started;
  }

  /** The station died and will not be started again (failed to start, or crashed too often). */
  onFatal(listener: (err: Error) => void): void {
    this.failureListeners.add(listener);
  }

  /** Renderer calls, relayed. Calls made while the station starts wait for it; it never throws, like dispatch. */
  readonly dispatch: Dispatch = async (call: Call): Promise<Result<unknown>> => {
    if (this.closing) return { ok: false, error: new AppError('INTERNAL', 'Backlot is closing.').toJSON() };
    try {
      await this.started;
      const running = this.running;
      if (!running) return { ok: false, error: new AppError('INTERNAL', STARTING).toJSON() };
      return (await running.channel.request('dispatch', call)) as Result<unknown>;
    } catch (err) {
      this.opts.logger.error({ err, method: String(call.method) }, 'a call to the station process failed');
      return { ok: false, error: new AppError('INTERNAL', 'The station service stopped while answering; it is starting again. Try once more in a moment.').toJSON() };
    }
  };

  /** Asks the station to close its database and queues, then ends the process; kills it if it takes too long. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      const running = this.running;
      if (!running) return;
      const timeoutMs = this.opts.closeTimeoutMs ?? 5000;
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
      const closed = running.channel.request('close').then(
        () => running.exited,
        (err: unknown) => this.opts.logger.warn({ err }, 'the station did not close cleanly'),
      );
      const outcome = await Promise.race([closed, timedOut]);
      clearTimeout(timer);
      if (outcome === 'timeout') {
        this.opts.logger.error({ timeoutMs }, 'the station did not close in time; ending it');
        running.child.kill();
      }
      this.running = null;
    })();
    return this.closing;
  }

  private spawn(): Running {
    const child = this.opts.fork(this.opts.modulePath, [], { serviceName: 'Backlot station', stdio: 'inherit' });
    const channel = new Channel({ postMessage: (m) => child.postMessage(m), onMessage: (listener) => void child.on('message', listener) }, this.opts.shell);
    const exited = new Promise<number>((resolve) => {
      child.on('exit', (code) => {
        channel.close(new Error(`the station process ended (exit code ${code})`));
        resolve(code);
      });
    });
    return { child, channel, exited };
  }

  private async launch(): Promise<StationStarted> {
    const running = this.spawn();
    this.running = running;
    const started = await Promise.race([
      running.channel.request<StationStarted>('start', this.opts.config),
      running.exited.then((code) => {
        throw new Error(`The station process ended while starting (exit code ${code}). Details are in the station log.`);
      }),
    ]).catch((err: Error) => {
      this.running = null;
      running.child.kill();
      this.fatal(err);
      throw err;
    });
    void running.exited.then((code) => this.exitedAfterStart(running, code));
    return started;
  }

  private exitedAfterStart(running: Running, code: number): void {
    if (this.closing || this.running !== running) return;
    this.running = null;
    const now = wallClock.now().getTime();
    const window = this.opts.restartWindowMs ?? 60_000;
    while (this.restarts.length > 0 && now - this.restarts[0]! > window) this.restarts.shift();
    if (this.restarts.length >= (this.opts.maxRestarts ?? 3)) {
      this.fatal(new Error(`The station process stopped ${this.restarts.length + 1} times within a minute. Details are in the station log.`));
      return;
    }
    this.restarts.push(now);
    this.opts.logger.error({ code, restarts: this.restarts.length }, 'the station process ended unexpectedly; starting it again');
    this.started = this.launch();
    this.started.catch(() => undefined);
  }

  private fatal(err: Error): void {
    for (const listener of this.failureListeners) listener(err);
  }
}

/**
 * Runs a built Electron shell (dist/main/electron.mjs, or one extracted from
 * a package) in plain Node with the fake `electron` module
 * (fake-electron/electron.mjs, installed by an ESM resolve hook), and drives
 * it the way Electron and a person would: IPC calls from the window, app://
 * fetches, a second launch, a crashed renderer, quit. Every step the shell
 * takes through the `electron` API comes back as an event to assert on.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const REGISTER = fileURLToPath(new URL('./fake-electron/register.mjs', import.meta.url));
export const BUILT_SHELL = join(process.cwd(), 'dist', 'main', 'electron.mjs');

export interface FakeEvent {
  name: string;
  data: Record<string, any>;
  at: number;
}

export interface ShellOptions {
  /** The shell bundle to run; dist/main/electron.mjs by default. */
  main?: string;
  args?: string[];
  env?: Record<string, string | undefined>;
  /** Run as a packaged app (argv without the script path, app.isPackaged). */
  packaged?: boolean;
  cwd?: string;
}

export interface Shell {
  child: ChildProcess;
  events: FakeEvent[];
  output(): string;
  waitFor(name: string, match?: (e: FakeEvent) => boolean, timeoutMs?: number): Promise<FakeEvent>;
  command<T = any>(cmd: string, args?: Record<string, unknown>, timeoutMs?: number): Promise<T>;
  /** An IPC call exactly as the preload makes it: `backlot:invoke` with `{ method, input }`, from the app's window. */
  invoke<T = any>(method: string, input?: unknown): Promise<{ ok: boolean; data?: T; error?: { code: string; message: string; fields?: { field: string; message: string }[] } }>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(): void;
}

export function launchShell(opts: ShellOptions = {}): Shell {
  const events: FakeEvent[] = [];
  let output = '';
  const child = fork(opts.main ?? BUILT_SHELL, opts.args ?? [], {
    cwd: opts.cwd ?? process.cwd(),
    execArgv: ['--import', REGISTER],
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    env: {
      ...process.env,
      // The station logs to files under the data dir; the tests read them.
      VITEST: undefined,
      BACKLOT_LOG_LEVEL: 'info',
      ...(opts.packaged ? { FAKE_ELECTRON_PACKAGED: '1' } : {}),
      ...opts.env,
    } as NodeJS.ProcessEnv,
  });
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  const waiters = new Set<() => void>();
  const replies = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  let nextId = 1;
  child.on('message', (msg: any) => {
    if (msg?.fake === 'event') {
      events.push({ name: msg.name, data: msg.data, at: msg.at });
      for (const w of [...waiters]) w();
    } else if (msg?.fake === 'reply') {
      const r = replies.get(msg.id);
      replies.delete(msg.id);
      if (msg.ok) r?.resolve(msg.value);
      else r?.reject(new Error(msg.error));
    }
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('exit', (code, signal) => {
      for (const r of replies.values()) r.reject(new Error(`the shell exited (code ${code})\n${output}`));
      replies.clear();
      for (const w of [...waiters]) w();
      resolve({ code, signal });
    });
  });

  const shell: Shell = {
    child,
    events,
    output: () => output,
    waitFor(name, match = () => true, timeoutMs = 20_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = events.find((e) => e.name === name && match(e));
          if (found) {
            clearTimeout(timer);
            waiters.delete(check);
            resolve(found);
          } else if (child.exitCode !== null || child.signalCode !== null) {
            clearTimeout(timer);
            waiters.delete(check);
            reject(new Error(`the shell exited before "${name}" (code ${child.exitCode})\nevents: ${events.map((e) => e.name).join(', ')}\n${output}`));
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no "${name}" within ${timeoutMs} ms\nevents: ${events.map((e) => e.name).join(', ')}\n${output}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    command(cmd, args = {}, timeoutMs = 30_000) {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          replies.delete(id);
          reject(new Error(`command ${cmd} unanswered within ${timeoutMs} ms\n${output}`));
        }, timeoutMs);
        replies.set(id, {
          resolve: (v) => {
            clearTimeout(timer);
            resolve(v as never);
          },
          reject: (e) => {
            clearTimeout(timer);
            reject(e);
          },
        });
        child.send({ cmd, id, ...args });
      });
    },
    invoke(method, input = {}) {
      return shell.command('invoke', { payload: { method, input } });
    },
    exited,
    kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
  return shell;
}

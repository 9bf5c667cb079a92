/**
 * Requests and answers between Electron's main process and the station's
 * utility process, over whatever carries structured-clone messages between
 * them (`UtilityProcess.postMessage` one way, `process.parentPort` the other).
 * Both sides can ask; every request gets exactly one answer, an error
 * included, so nothing waits forever on the other side's bug.
 *
 * No `electron` import here: the station's side runs this too, and the
 * fake-Electron harness in tests drives it over `child_process` messages.
 */
export interface MessagePortLike {
  postMessage(message: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
}

export type ChannelHandlers = Record<string, (args: any) => unknown>;

/** An error as it crosses: its kind, a code when it has one, and the words. */
export interface ChannelError {
  name: string;
  code: string | null;
  message: string;
}

type Envelope =
  | { kind: 'req'; id: number; op: string; args: unknown }
  | { kind: 'res'; id: number; ok: true; value: unknown }
  | { kind: 'res'; id: number; ok: false; error: ChannelError };

export class ChannelRequestError extends Error {
  readonly code: string | null;
  constructor(error: ChannelError) {
    super(error.message);
    this.name = error.name;
    this.code = error.code;
  }
}

function isEnvelope(value: unknown): value is Envelope {
  return typeof value === 'object' && value !== null && ((value as Envelope).kind === 'req' || (value as Envelope).kind === 'res') && typeof (value as Envelope).id === 'number';
}

export class Channel {
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  private closedWith: Error | null = null;

  constructor(
    private readonly port: MessagePortLike,
    private readonly handlers: ChannelHandlers,
  ) {
    port.onMessage((message) => void this.receive(message));
  }

  request<T = unknown>(op: string, args?: unknown): Promise<T> {
    if (this.closedWith) return Promise.reject(this.closedWith);
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (value: unknown) => void, reject });
      try {
        this.port.postMessage({ kind: 'req', id, op, args } satisfies Envelope);
      } catch (err) {
        this.waiting.delete(id);
        reject(err as Error);
      }
    });
  }

  /** The other side is gone: every request still waiting fails with `error`, and so does every later one. */
  close(error: Error): void {
    this.closedWith = error;
    for (const pending of this.waiting.values()) pending.reject(error);
    this.waiting.clear();
  }

  private async receive(message: unknown): Promise<void> {
    if (!isEnvelope(message)) return;
    if (message.kind === 'res') {
      const pending = this.waiting.get(message.id);
      if (!pending) return;
      this.waiting.delete(message.id);
      if (message.ok) pending.resolve(message.value);
      else pending.reject(new ChannelRequestError(message.error));
      return;
    }
    const handler = Object.prototype.hasOwnProperty.call(this.handlers, message.op) ? this.handlers[message.op] : undefined;
    let answer: Envelope;
    try {
      if (!handler) throw new Error(`No handler for "${message.op}" on this side of the channel.`);
      answer = { kind: 'res', id: message.id, ok: true, value: await handler(message.args) };
    } catch (err) {
      const e = err as Error & { code?: unknown };
      answer = { kind: 'res', id: message.id, ok: false, error: { name: e?.name ?? 'Error', code: typeof e?.code === 'string' ? e.code : null, message: e?.message ?? String(err) } };
    }
    try {
      this.port.postMessage(answer);
    } catch {
      // The other side went away while we worked; its requests died with it.
    }
  }
}

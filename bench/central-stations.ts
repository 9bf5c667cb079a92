/**
 * `npm run bench:central`'s simulated stations: one worker thread runs many
 * of them (they wait on the network, not the CPU). Each is a station as the
 * central API sees it: its own station credential, its own staff session, its
 * own sync client id and cursor, and the engine's habits: after a local
 * change it pushes then pulls; the live channel (`POST /v1/sync/wait`) runs a
 * cycle when told, joining one already running; without a cycle for 10 s it
 * polls. It keeps no cache: a pulled page is read for what the benchmark
 * observes, then dropped.
 *
 * Packers claim 5 orders at a time and pack one every ~3 s (the scan's
 * `shipment.packAndLabel`); reps rename one of the customers they have open
 * every ~20 s (`customer.updateContact`). Burst stations, at the burst, go
 * offline, queue 500 changes, and come back at once.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { monotonicFactory } from 'ulidx';
import { Agent, request } from 'undici';
import { LIVE_CYCLE_GAP_MS } from '../core/sync/protocol';

export interface StationSpec {
  index: number;
  kind: 'packer' | 'rep';
  dc: string;
  username: string;
  secret: string;
  /** Which API instance this station's connection lands on (a load balancer's choice). */
  instance: number;
  /** Reps: the customers open on their screen (subscribed). */
  customers: number[];
  burst: boolean;
}

export interface WorkerInput {
  worker: number;
  apiUrls: string[];
  enrollmentKey: string;
  stations: StationSpec[];
  /** Disc allocated to each open shipment (what a packing station's cache would tell the scan). */
  discOf: Record<number, number>;
  packEveryMs: number;
  editEveryMs: number;
  pollMs: number;
  burstMutations: number;
}

export type ToWorker =
  | { type: 'setup' }
  | { type: 'cursors'; cursors: Record<string, string> }
  | { type: 'run' }
  | { type: 'phase'; phase: Phase }
  | { type: 'burst-prepare' }
  | { type: 'burst-go' }
  | { type: 'quiesce' }
  | { type: 'report' }
  | { type: 'stop' };

export type Phase = 'warmup' | 'steady' | 'burst' | 'drain';

export interface Sent {
  id: string;
  name: string;
  clientId: string;
  /** The row the central office writes with this mutation's id (its effect), or null. */
  effect: 'label_events' | 'audit_log' | null;
  shipmentId?: number;
}

export interface WorkerReport {
  worker: number;
  push: Record<string, number[]>;
  pull: Record<string, number[]>;
  waits: number;
  wakes: number;
  errors: Record<string, number>;
  errorSamples: string[];
  rejected: number;
  /** Changes the central office answered (applied or refused), per phase. */
  acked: Record<string, number>;
  /** key -> commit time (push answered), and the station that committed it. */
  commits: [key: string, at: number, station: number][];
  /** key seen in a pull at time, by station. */
  seen: [key: string, at: number, station: number][];
  sent: Sent[];
  burstDrainedAt: number | null;
  burstStartedAt: number | null;
  pending: number;
  clients: { station: number; clientId: string; stationId: string }[];
}

const input = workerData as WorkerInput;
const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const jitter = (ms: number) => ms * (0.7 + Math.random() * 0.6);

const agent = new Agent({ keepAliveTimeout: 60_000, connections: null, pipelining: 1, headersTimeout: 120_000, bodyTimeout: 120_000 });

let phase: Phase = 'warmup';
const stats: WorkerReport = {
  worker: input.worker,
  push: {},
  pull: {},
  waits: 0,
  wakes: 0,
  errors: {},
  errorSamples: [],
  rejected: 0,
  acked: {},
  commits: [],
  seen: [],
  sent: [],
  burstDrainedAt: null,
  burstStartedAt: null,
  pending: 0,
  clients: [],
};

function record(into: Record<string, number[]>, ms: number): void {
  (into[phase] ??= []).push(ms);
}

function fail(what: string, err: unknown): void {
  const key = `${phase}:${what}`;
  stats.errors[key] = (stats.errors[key] ?? 0) + 1;
  if (stats.errorSamples.length < 20) stats.errorSamples.push(`${key}: ${err instanceof Error ? err.message : String(err)}`.slice(0, 300));
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    body: string,
  ) {
    super(`HTTP ${status}: ${body.slice(0, 200)}`);
  }
}

const inFlight: Record<string, number> = {};
const finished: Record<string, number> = {};
if (process.env.BENCH_DEBUG) {
  setInterval(() => console.log(`[worker ${input.worker}] phase ${phase} in flight ${JSON.stringify(inFlight)} finished ${JSON.stringify(finished)}`), 5_000).unref();
}

async function post<T>(url: string, body: unknown, headers: Record<string, string>, signal?: AbortSignal): Promise<T> {
  const kind = url.slice(url.lastIndexOf('/') + 1);
  inFlight[kind] = (inFlight[kind] ?? 0) + 1;
  try {
    return await postNow<T>(url, body, headers, signal);
  } finally {
    inFlight[kind]! -= 1;
    finished[kind] = (finished[kind] ?? 0) + 1;
  }
}

async function postNow<T>(url: string, body: unknown, headers: Record<string, string>, signal?: AbortSignal): Promise<T> {
  const res = await request(url, {
    method: 'POST',
    dispatcher: agent,
    headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
    body: JSON.stringify(body),
    ...(signal ? { signal } : {}),
  });
  const text = await res.body.text();
  if (res.statusCode >= 300) throw new HttpError(res.statusCode, text);
  return JSON.parse(text) as T;
}

interface Mutation {
  id: string;
  name: string;
  args: unknown;
  staffId: string;
  at: string;
  baseVersions: Record<string, number>;
  /** What the benchmark watches for when it is committed. */
  watch?: string;
}

interface Change {
  op: 'put' | 'delete';
  table: string;
  row?: Record<string, unknown>;
}

class SimStation {
  private readonly ulid = monotonicFactory();
  private readonly base: string;
  credential = '';
  stationId = '';
  token = '';
  staffId = '';
  readonly clientId: string;
  cursor: string | null = null;
  private outbox: Mutation[] = [];
  private inFlight: Promise<void> | null = null;
  private again = false;
  private lastCycleEnd = 0;
  private running = false;
  offline = false;
  private loops: Promise<void>[] = [];
  private claimed: number[] = [];
  private readonly packed = new Set<number>();
  private serial = 0;
  private edits = 0;
  private hangUp: AbortController | null = null;

  constructor(readonly spec: StationSpec) {
    this.base = input.apiUrls[spec.instance]!;
    this.clientId = this.ulid();
  }

  private headers(staff = true): Record<string, string> {
    return { authorization: `Station ${this.credential}`, ...(staff ? { 'x-staff-session': this.token } : {}) };
  }

  async setup(): Promise<void> {
    const reg = await post<{ stationId: string; credential: string }>(
      `${this.base}/v1/stations/register`,
      { name: `bench ${this.spec.kind} ${this.spec.index}`, distributionCenter: this.spec.dc },
      { 'x-enrollment-key': input.enrollmentKey },
    );
    this.credential = reg.credential;
    this.stationId = reg.stationId;
    const session = await post<{ token: string; staff: { id: string } }>(`${this.base}/v1/auth/sign-in`, { username: this.spec.username, secret: this.spec.secret }, this.headers(false));
    this.token = session.token;
    this.staffId = session.staff.id;
    for (const customerId of this.spec.customers) {
      await post(`${this.base}/v1/sync/subscribe`, { customerId, reason: 'phone_call' }, this.headers());
    }
    stats.clients.push({ station: this.spec.index, clientId: this.clientId, stationId: this.stationId });
  }

  /** A desk pulls its few customers from scratch; a packing station starts from a cursor its DC's full sync reached (it holds its scope already). */
  async initialSync(cursors: Record<string, string>): Promise<void> {
    if (this.spec.kind === 'packer') this.cursor = cursors[this.spec.dc] ?? null;
    await this.cycle();
  }

  start(): void {
    this.running = true;
    this.loops = [this.liveLoop(), this.pollLoop(), this.spec.kind === 'packer' ? this.packLoop() : this.editLoop()];
  }

  async stop(): Promise<void> {
    this.running = false;
    this.hangUp?.abort();
    await Promise.all(this.loops);
    await this.inFlight;
  }

  pending(): number {
    return this.outbox.length;
  }

  // ------------------------------------------------------------------ engine habits

  syncNow(): Promise<void> {
    if (this.inFlight) {
      this.again = true;
      return this.inFlight;
    }
    this.inFlight = (async () => {
      do {
        this.again = false;
        await this.cycle();
      } while (this.again);
    })().finally(() => {
      this.inFlight = null;
      this.lastCycleEnd = now();
    });
    return this.inFlight;
  }

  private catchUp(): Promise<void> {
    return this.inFlight ?? this.syncNow();
  }

  private async cycle(): Promise<void> {
    if (this.offline) return;
    try {
      await this.pushAll();
      await this.pullAll();
    } catch (err) {
      fail('cycle', err);
    }
  }

  private async pushAll(): Promise<void> {
    while (this.outbox.length > 0 && !this.offline) {
      const batch = this.outbox.slice(0, 100);
      const t0 = now();
      let answer: { results: { id: string; status: string }[] };
      try {
        answer = await post(`${this.base}/v1/sync/push`, { clientId: this.clientId, mutations: batch.map(({ watch: _w, ...m }) => m) }, this.headers(false));
      } catch (err) {
        fail('push', err);
        throw err;
      }
      const at = now();
      record(stats.push, at - t0);
      const done = new Set<string>();
      for (const r of answer.results) {
        done.add(r.id);
        if (r.status === 'rejected') stats.rejected++;
      }
      for (const m of batch) {
        if (!done.has(m.id)) continue;
        if (m.watch && phase === 'steady') stats.commits.push([m.watch, at, this.spec.index]);
      }
      stats.acked[phase] = (stats.acked[phase] ?? 0) + done.size;
      this.outbox = this.outbox.filter((m) => !done.has(m.id));
      if (done.size === 0) throw new Error('push answered for none of the batch');
    }
  }

  private async pullAll(): Promise<void> {
    for (let page = 0; page < 1000; page++) {
      const t0 = now();
      let answer: { resync?: true; changes?: Change[]; cursor?: string; hasMore?: boolean };
      try {
        answer = await post(`${this.base}/v1/sync/pull`, { clientId: this.clientId, cursor: this.cursor, limit: 5000 }, this.headers());
      } catch (err) {
        fail('pull', err);
        throw err;
      }
      const at = now();
      record(stats.pull, at - t0);
      if (answer.resync) {
        if (process.env.BENCH_DEBUG) console.log(`[station ${this.spec.index}] resync: ${(answer as { reason?: string }).reason ?? ''}`);
        this.cursor = null;
        continue;
      }
      this.observe(answer.changes ?? [], at);
      this.cursor = answer.cursor!;
      if (!answer.hasMore) return;
    }
  }

  /** What a rep's open 360 would show: a rename made at another desk, a disc packed for the customer. */
  private observe(changes: Change[], at: number): void {
    if (this.spec.kind !== 'rep' || phase !== 'steady') return;
    for (const c of changes) {
      if (c.op !== 'put' || !c.row) continue;
      if (c.table === 'customers' && typeof c.row.full_name === 'string' && c.row.full_name.startsWith('Bench ')) stats.seen.push([`name:${c.row.full_name}`, at, this.spec.index]);
      else if (c.table === 'shipments' && c.row.status === 'labeled') stats.seen.push([`ship:${String(c.row.id)}`, at, this.spec.index]);
    }
  }

  private async liveLoop(): Promise<void> {
    let failures = 0;
    let askedAgain = false;
    while (this.running) {
      if (this.offline) {
        await sleep(200);
        continue;
      }
      try {
        this.hangUp = new AbortController();
        stats.waits++;
        const sent = this.cursor;
        const answer = await post<{ changed: boolean }>(`${this.base}/v1/sync/wait`, { cursor: sent, waitMs: 25_000 }, this.headers(), this.hangUp.signal);
        failures = 0;
        if (answer.changed && this.cursor !== sent && !askedAgain) {
          // As the station's live channel does: pulled while the wait was out (its own change), so ask again, once.
          askedAgain = true;
          continue;
        }
        askedAgain = false;
        if (answer.changed) {
          stats.wakes++;
          const wokeAt = now();
          await this.catchUp();
          // As the station's live channel does: a busy scope wakes a station at most every LIVE_CYCLE_GAP_MS.
          await sleep(Math.max(0, LIVE_CYCLE_GAP_MS - (now() - wokeAt)));
        }
      } catch (err) {
        if (!this.running) return;
        if (this.offline) continue;
        fail('wait', err);
        await sleep(Math.min(30_000, 500 * 2 ** failures++) * (0.5 + Math.random() / 2));
      }
    }
  }

  private async pollLoop(): Promise<void> {
    while (this.running) {
      await sleep(1_000);
      if (!this.offline && now() - this.lastCycleEnd > input.pollMs) void this.syncNow();
    }
  }

  private mutation(name: string, args: unknown, watch?: string, effect: Sent['effect'] = null, shipmentId?: number): Mutation {
    const id = this.ulid();
    stats.sent.push({ id, name, clientId: this.clientId, effect, ...(shipmentId !== undefined ? { shipmentId } : {}) });
    return { id, name, args, staffId: this.staffId, at: new Date().toISOString(), baseVersions: {}, ...(watch ? { watch } : {}) };
  }

  private nextSerial(): string {
    // Unique per station: 6-digit mailer-like prefix from the station, then a counter.
    return `9${String(this.spec.index).padStart(5, '0')}${String(++this.serial).padStart(9, '0')}`;
  }

  private async claim(count: number): Promise<void> {
    try {
      const { claimed } = await post<{ claimed: { shipmentId: number }[] }>(`${this.base}/v1/packing/claim`, { count }, this.headers());
      for (const c of claimed) if (!this.packed.has(c.shipmentId) && !this.claimed.includes(c.shipmentId) && input.discOf[c.shipmentId] !== undefined) this.claimed.push(c.shipmentId);
    } catch (err) {
      fail('claim', err);
    }
  }

  private packOne(): boolean {
    const shipmentId = this.claimed.shift();
    if (shipmentId === undefined) return false;
    this.packed.add(shipmentId);
    this.outbox.push(
      this.mutation('shipment.packAndLabel', { shipmentId, discId: input.discOf[shipmentId], labelSerial: this.nextSerial(), printer: 'Zebra 1' }, `ship:${shipmentId}`, 'label_events', shipmentId),
    );
    return true;
  }

  private async packLoop(): Promise<void> {
    await sleep(Math.random() * input.packEveryMs);
    while (this.running) {
      if (!this.offline) {
        if (this.claimed.length === 0) await this.claim(5);
        if (this.packOne()) await this.syncNow();
      }
      await sleep(jitter(input.packEveryMs));
    }
  }

  private rename(): void {
    const customerId = this.spec.customers[this.edits % this.spec.customers.length]!;
    const fullName = `Bench ${this.spec.index}-${++this.edits} Rivera`;
    this.outbox.push(this.mutation('customer.updateContact', { customerId, fullName }, `name:${fullName}`, 'audit_log'));
  }

  private async editLoop(): Promise<void> {
    await sleep(Math.random() * input.editEveryMs);
    while (this.running) {
      if (!this.offline && this.spec.customers.length > 0) {
        this.rename();
        await this.syncNow();
      }
      await sleep(jitter(input.editEveryMs));
    }
  }

  // ------------------------------------------------------------------ the reconnect burst

  /** Offline: claims what it can first (packers), then queues a day's worth of changes without reaching the central office. */
  async goOffline(): Promise<void> {
    if (this.spec.kind === 'packer') {
      for (let i = 0; i < 2; i++) await this.claim(50);
    }
    this.offline = true;
    this.hangUp?.abort();
    await this.inFlight;
    const total = input.burstMutations;
    while (this.outbox.length < total) {
      if (this.spec.kind === 'packer') {
        const shipmentId = this.claimed[0];
        if (shipmentId !== undefined && this.packOne()) {
          this.outbox.push(this.mutation('labelEvent.record', { shipmentId, kind: 'reprinted', serial: null, printer: 'Zebra 1', reason: 'smudged' }, undefined, 'label_events'));
          continue;
        }
        this.outbox.push(this.mutation('audit.record', { action: 'label.looked_up', reason: `bench ${this.outbox.length}` }, undefined, 'audit_log'));
      } else if (this.outbox.length % 3 === 0 && this.spec.customers.length > 0) {
        this.rename();
      } else {
        this.outbox.push(this.mutation('audit.record', { action: 'customer.caller_verified', customerId: this.spec.customers[0] ?? null, reason: 'zip_and_card' }, undefined, 'audit_log'));
      }
    }
  }

  comeBack(): Promise<void> {
    this.offline = false;
    return this.syncNow();
  }
}

const stations = input.stations.map((s) => new SimStation(s));

async function inParallel<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await fn(items[next++]!);
    }),
  );
}

parentPort!.on('message', (msg: ToWorker) => {
  void (async () => {
    switch (msg.type) {
      case 'setup':
        await inParallel(stations, 8, (s) => s.setup());
        parentPort!.postMessage({ type: 'setup-done', clients: stats.clients });
        break;
      case 'cursors':
        await inParallel(stations, 16, (s) => s.initialSync(msg.cursors));
        parentPort!.postMessage({ type: 'cursors-done' });
        break;
      case 'run':
        for (const s of stations) s.start();
        parentPort!.postMessage({ type: 'running' });
        break;
      case 'phase':
        phase = msg.phase;
        break;
      case 'burst-prepare':
        await Promise.all(stations.filter((s) => s.spec.burst).map((s) => s.goOffline()));
        parentPort!.postMessage({ type: 'burst-ready', pending: stations.reduce((n, s) => n + (s.spec.burst ? s.pending() : 0), 0) });
        break;
      case 'burst-go': {
        const burst = stations.filter((s) => s.spec.burst);
        stats.burstStartedAt = now();
        phase = 'burst';
        await Promise.all(burst.map((s) => s.comeBack()));
        // A push that failed leaves changes behind: they go with the next cycles, as at a real station.
        while (burst.some((s) => s.pending() > 0)) await Promise.all(burst.filter((s) => s.pending() > 0).map((s) => s.syncNow()));
        stats.burstDrainedAt = now();
        parentPort!.postMessage({ type: 'burst-drained', at: stats.burstDrainedAt, startedAt: stats.burstStartedAt });
        break;
      }
      case 'quiesce':
        // All at once: a packer notices the stop only after its ~3 s pause, and one by one that took minutes.
        await Promise.all(stations.map((s) => s.stop()));
        // Whatever is left goes out now: the database check wants every change answered.
        for (let round = 0; round < 10 && stations.some((s) => s.pending() > 0); round++) await Promise.all(stations.map((s) => s.syncNow()));
        stats.pending = stations.reduce((n, s) => n + s.pending(), 0);
        parentPort!.postMessage({ type: 'quiet', pending: stats.pending });
        break;
      case 'report':
        parentPort!.postMessage({ type: 'report', report: stats });
        break;
      case 'stop':
        await agent.close();
        process.exit(0);
    }
  })().catch((err: unknown) => {
    parentPort!.postMessage({ type: 'error', message: err instanceof Error ? `${err.message}\n${err.stack}` : String(err) });
  });
});

/**
 * A TCP listener that stands in for a Zebra on port 9100: it records each
 * connection's bytes once the sender closes its side. Loopback only.
 */
import { createServer, type Server, type Socket } from 'node:net';

export interface FakeZebra {
  port: number;
  /** One entry per connection that finished sending, in order. */
  jobs: string[];
  connections: number;
  /** Resolves once `count` jobs have arrived. */
  waitForJobs(count: number, timeoutMs?: number): Promise<string[]>;
  close(): Promise<void>;
}

export type ZebraBehaviour = 'read' | 'never-read';

export async function startFakeZebra(opts: { port?: number; behaviour?: ZebraBehaviour } = {}): Promise<FakeZebra & { sockets: Socket[] }> {
  const jobs: string[] = [];
  const sockets: Socket[] = [];
  const waiters: Array<() => void> = [];
  let connections = 0;
  const server: Server = createServer((socket) => {
    connections++;
    sockets.push(socket);
    if (opts.behaviour === 'never-read') {
      // Accept and then do nothing at all: never read, never close.
      socket.pause();
      socket.on('error', () => undefined);
      return;
    }
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', () => undefined);
    socket.on('end', () => {
      jobs.push(Buffer.concat(chunks).toString('latin1'));
      for (const wake of waiters.splice(0)) wake();
      socket.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');

  return {
    port: address.port,
    jobs,
    sockets,
    get connections() {
      return connections;
    },
    async waitForJobs(count, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (jobs.length < count) {
        if (Date.now() > deadline) throw new Error(`expected ${count} jobs, got ${jobs.length}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 50);
        });
      }
      return jobs;
    },
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A port nothing listens on (for now): bind to 0, note the port, let it go. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return address.port;
}

import { createServer, type Server } from 'node:net';

/**
 * A label printer on a TCP port (Zebra raw port 9100 style) that keeps every
 * job it receives. A connection that sends nothing (the station's probe) is
 * no job, as on a Zebra. `close()` unplugs it; `listen()` again on the same
 * port plugs it back in.
 */
export class TcpPrinter {
  private server: Server | null = null;
  private readonly sockets = new Set<import('node:net').Socket>();
  readonly jobs: Buffer[] = [];
  /** Connections that sent nothing (probes). */
  probes = 0;
  port = 0;

  async listen(port = this.port): Promise<this> {
    this.server = createServer((socket) => {
      this.sockets.add(socket);
      const chunks: Buffer[] = [];
      socket.on('data', (c) => chunks.push(c));
      socket.on('end', () => {
        const job = Buffer.concat(chunks);
        if (job.length > 0) this.jobs.push(job);
        else this.probes++;
        socket.end();
      });
      socket.on('close', () => this.sockets.delete(socket));
      socket.on('error', () => socket.destroy());
    });
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    const addr = this.server.address();
    this.port = typeof addr === 'object' && addr ? addr.port : 0;
    return this;
  }

  /** Everything received, as text (ZPL is ASCII). */
  received(): string {
    return Buffer.concat(this.jobs).toString('latin1');
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server = null;
  }
}

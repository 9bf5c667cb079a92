import { createServer, type Server } from 'node:net';

/** A label printer on a TCP port (Zebra raw port 9100 style) that keeps every job it receives. */
export class TcpPrinter {
  private server: Server | null = null;
  readonly jobs: Buffer[] = [];
  port = 0;

  async listen(): Promise<this> {
    this.server = createServer((socket) => {
      const chunks: Buffer[] = [];
      socket.on('data', (c) => chunks.push(c));
      socket.on('end', () => this.jobs.push(Buffer.concat(chunks)));
      socket.on('error', () => socket.destroy());
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const addr = this.server.address();
    this.port = typeof addr === 'object' && addr ? addr.port : 0;
    return this;
  }

  /** Everything received, as text (ZPL is ASCII). */
  received(): string {
    return Buffer.concat(this.jobs).toString('latin1');
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

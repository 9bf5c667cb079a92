import { createServer, connect, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy between a station and the central API that the testers' kit can
 * cut and restore, to show how the app behaves when the network drops.
 */
export class NetworkProxy {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  private up = true;
  port = 0;

  constructor(private target: { host: string; port: number } | null = null) {}

  setTarget(url: string): void {
    const u = new URL(url);
    this.scheme = u.protocol === 'https:' ? 'https' : 'http';
    this.target = { host: u.hostname, port: Number(u.port) };
  }

  /** Same scheme as the target: TLS passes through the proxy untouched. */
  scheme: 'http' | 'https' = 'http';

  get url(): string {
    return `${this.scheme}://127.0.0.1:${this.port}`;
  }

  async listen(): Promise<this> {
    this.server = createServer((client) => {
      if (!this.up || !this.target) return client.destroy();
      const upstream = connect(this.target.port, this.target.host);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => s.destroy());
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const addr = this.server.address();
    this.port = typeof addr === 'object' && addr ? addr.port : 0;
    return this;
  }

  /** Drops every open connection and refuses new ones. */
  cut(): void {
    this.up = false;
    for (const s of this.sockets) s.destroy();
  }

  restore(): void {
    this.up = true;
  }

  isUp(): boolean {
    return this.up;
  }

  async close(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

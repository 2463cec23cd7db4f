import net from 'node:net';

/**
 * A TCP proxy on loopback between tsmodel and PostgreSQL that can cut every
 * connection at a chosen moment: when a client sends bytes matching a
 * pattern (e.g. the swap's "rename"), before they reach the server. The
 * server then sees the connection drop mid-transaction, as after a network
 * failure or a killed process.
 */
export class FaultProxy {
  private server?: net.Server;
  private readonly sockets = new Set<net.Socket>();
  private trigger?: { pattern: RegExp; skip: number };
  /** How many times a connection was cut. */
  cuts = 0;
  port = 0;

  constructor(
    private readonly upstreamHost: string,
    private readonly upstreamPort: number,
  ) {}

  async start(): Promise<number> {
    this.server = net.createServer((client) => this.accept(client));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as net.AddressInfo).port;
    return this.port;
  }

  /** Cut all connections when a client message matches (after letting `skip` matches through). */
  cutOn(pattern: RegExp, skip = 0): void {
    this.trigger = { pattern, skip };
  }

  clear(): void {
    this.trigger = undefined;
  }

  cutAll(): void {
    this.cuts++;
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private accept(client: net.Socket): void {
    const upstream = net.connect(this.upstreamPort, this.upstreamHost);
    this.sockets.add(client);
    this.sockets.add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      this.sockets.delete(client);
      this.sockets.delete(upstream);
    };
    client.on('error', drop);
    upstream.on('error', drop);
    client.on('close', drop);
    upstream.on('close', drop);
    upstream.on('data', (chunk) => client.write(chunk));
    client.on('data', (chunk: Buffer) => {
      const t = this.trigger;
      if (t && t.pattern.test(chunk.toString('latin1'))) {
        if (t.skip > 0) t.skip--;
        else {
          this.trigger = undefined;
          this.cutAll();
          return;
        }
      }
      upstream.write(chunk);
    });
  }
}

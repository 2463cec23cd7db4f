import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import net from 'node:net';

const BIN = '/usr/lib/postgresql/15/bin';

/**
 * A PostgreSQL server of the test's own (initdb in a temp folder), that the
 * test may stop and restart. Needs the Debian server binaries; as root it
 * runs them as the postgres user (initdb refuses root).
 */
export class PrivateServer {
  readonly dir = mkdtempSync(join(tmpdir(), 'tsmodel-pgserver-'));
  port = 0;

  static available(): boolean {
    return existsSync(join(BIN, 'initdb')) && (process.getuid?.() !== 0 || existsSync('/usr/sbin/runuser'));
  }

  private exec(cmd: string, args: string[]): string {
    const asRoot = process.getuid?.() === 0;
    return asRoot
      ? execFileSync('/usr/sbin/runuser', ['-u', 'postgres', '--', join(BIN, cmd), ...args], {
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'pipe'],
        })
      : execFileSync(join(BIN, cmd), args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  }

  async start(): Promise<void> {
    if (process.getuid?.() === 0) execFileSync('chown', ['postgres:postgres', this.dir]);
    this.port = await freePort();
    this.exec('initdb', ['-D', join(this.dir, 'data'), '-U', 'root', '--auth=trust', '-E', 'UTF8', '--no-sync']);
    this.pgctl('start');
  }

  private pgctl(action: 'start' | 'restart' | 'stop'): void {
    const opts = `-p ${this.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='${this.dir}' -c fsync=off`;
    this.exec('pg_ctl', [
      '-D',
      join(this.dir, 'data'),
      '-l',
      join(this.dir, 'log'),
      '-w',
      '-m',
      'fast',
      '-o',
      opts,
      action,
    ]);
  }

  /** Restarts the server (fast shutdown: every session is terminated, transactions rolled back). */
  restart(): void {
    this.pgctl('restart');
  }

  stop(): void {
    try {
      this.pgctl('stop');
    } catch {
      // already stopped
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

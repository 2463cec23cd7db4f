import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import net from 'node:net';

/** A folder holding both initdb and pg_ctl. */
function hasServerBinaries(dir: string): boolean {
  return existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl'));
}

/**
 * Where PostgreSQL's server binaries are: TSMODEL_PG_BINDIR, else `pg_config --bindir`, else a
 * folder on PATH with initdb and pg_ctl, else Debian's /usr/lib/postgresql/<newest>/bin.
 */
export function serverBinDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const candidates: string[] = [];
  if (env.TSMODEL_PG_BINDIR) candidates.push(env.TSMODEL_PG_BINDIR);
  try {
    candidates.push(
      execFileSync('pg_config', ['--bindir'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim(),
    );
  } catch {
    // no pg_config
  }
  candidates.push(...(env.PATH ?? '').split(delimiter).filter(Boolean));
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) {
    const versions = readdirSync(debian)
      .filter((v) => /^\d+$/.test(v))
      .sort((a, b) => Number(b) - Number(a));
    candidates.push(...versions.map((v) => join(debian, v, 'bin')));
  }
  return candidates.find(hasServerBinaries);
}

const BIN = serverBinDir();

/**
 * A PostgreSQL server of the test's own (initdb in a temp folder), that the
 * test may stop and restart. Needs the server binaries (serverBinDir); as root it
 * runs them as the postgres user (initdb refuses root).
 */
export class PrivateServer {
  readonly dir = mkdtempSync(join(tmpdir(), 'tsmodel-pgserver-'));
  port = 0;

  /** Why no private server can be started here, or undefined when one can. */
  static unavailableReason(): string | undefined {
    if (!BIN) {
      return 'no PostgreSQL server binaries (initdb, pg_ctl) through TSMODEL_PG_BINDIR, pg_config --bindir, PATH or /usr/lib/postgresql';
    }
    if (process.getuid?.() === 0 && !existsSync('/usr/sbin/runuser'))
      return 'running as root without /usr/sbin/runuser';
    return undefined;
  }

  static available(): boolean {
    return PrivateServer.unavailableReason() === undefined;
  }

  private exec(cmd: string, args: string[]): string {
    const asRoot = process.getuid?.() === 0;
    return asRoot
      ? execFileSync('/usr/sbin/runuser', ['-u', 'postgres', '--', join(BIN!, cmd), ...args], {
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'pipe'],
        })
      : execFileSync(join(BIN!, cmd), args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
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

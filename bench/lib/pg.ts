/**
 * The PostgreSQL server the benchmark uses: throwaway databases
 * (tsmodel_bench_<section>_<random>, dropped at the end), tsmodel targets
 * for them, and psql runs timed from spawn to exit.
 */
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import pg from 'pg';
import type { PostgresTarget } from '../../src/config/types.js';
import { runCmd } from './proc.js';

export interface BenchDb {
  name: string;
  url: string;
  target(threads?: number, schema?: string): PostgresTarget;
  query<R = Record<string, unknown>>(sql: string): Promise<R[]>;
  /** Runs a psql script file; returns psql's wall time in ms. */
  psqlFile(file: string, timeoutMs?: number): Promise<number>;
  drop(): Promise<void>;
}

export class PgServer {
  private constructor(
    readonly url: string,
    readonly version: string,
  ) {}

  /** Connects (2 s timeout) and reads the server version; throws when unreachable. */
  static async connect(url: string): Promise<PgServer> {
    const c = new pg.Client({
      connectionString: url,
      connectionTimeoutMillis: 3000,
      application_name: 'tsmodel-bench',
    });
    c.on('error', () => {});
    await c.connect();
    try {
      const r = await c.query<{ v: string }>('select version() as v');
      return new PgServer(url, r.rows[0]!.v);
    } finally {
      await c.end().catch(() => {});
    }
  }

  private async admin(sql: string): Promise<void> {
    const c = new pg.Client({ connectionString: this.url, application_name: 'tsmodel-bench' });
    c.on('error', () => {});
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end().catch(() => {});
    }
  }

  urlFor(dbname: string): string {
    const u = new URL(this.url);
    u.pathname = `/${dbname}`;
    return u.toString();
  }

  async createDb(section: string): Promise<BenchDb> {
    const name = `tsmodel_bench_${section.replace(/[^a-z0-9]/g, '_')}_${randomBytes(4).toString('hex')}`;
    await this.admin(`create database ${name}`);
    const url = this.urlFor(name);
    const u = new URL(url);
    let client: pg.Client | undefined;
    const conn = async () => {
      if (!client) {
        client = new pg.Client({ connectionString: url, application_name: 'tsmodel-bench' });
        client.on('error', () => {});
        await client.connect();
      }
      return client;
    };
    return {
      name,
      url,
      target: (threads = 1, schema = 'bench') => ({
        type: 'postgres',
        name: 'bench',
        profileName: 'bench',
        schema,
        threads,
        retries: 0,
        retryDelayMs: 0,
        host: decodeURIComponent(u.hostname) || '127.0.0.1',
        port: Number(u.port || 5432),
        user: decodeURIComponent(u.username) || process.env.PGUSER || os.userInfo().username,
        password: u.password ? decodeURIComponent(u.password) : undefined,
        dbname: name,
        source: 'DATABASE_URL',
      }),
      query: async <R>(sql: string) => (await (await conn()).query(sql)).rows as R[],
      psqlFile: async (file, timeoutMs) =>
        (
          await runCmd('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-o', '/dev/null', '-d', url, '-f', file], {
            timeoutMs,
          })
        ).wallMs,
      drop: async () => {
        await client?.end().catch(() => {});
        client = undefined;
        await this.admin(`drop database if exists ${name} with (force)`);
      },
    };
  }
}

/** psql's version line, or null when psql is not installed. */
export async function psqlVersion(): Promise<string | null> {
  try {
    return (await runCmd('psql', ['--version'])).stdout.trim();
  } catch {
    return null;
  }
}

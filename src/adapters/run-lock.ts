import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { TargetConfig } from '../config/types.js';
import { TsmodelError } from '../errors/index.js';
import type { Adapter, Connection } from './types.js';

export interface RunLockOptions {
  /** How long a second run waits for the first, in milliseconds. */
  timeoutMs: number;
  /** How often it looks again. */
  pollMs?: number;
  /** What this run is (shown to a run that waits for it). */
  command: string;
  /** Called once when the lock is busy and the run starts waiting. */
  onWait?: (holder: string) => void;
}

/** The advisory-lock key: a fixed first half ("tsm"), the target's identity hashed by the server. */
const LOCK_CLASS = 0x74736d;

function lockName(target: TargetConfig): string {
  return target.type === 'pglite' ? `pglite:${target.path}` : `${target.type}:${target.schema}`;
}

function busy(target: TargetConfig, holder: string, timeoutMs: number): TsmodelError {
  return new TsmodelError(
    'connection',
    `Another tsmodel run holds the lock on target '${target.name}' (${holder}); gave up after waiting ${Math.round(timeoutMs / 1000)}s`,
    {
      hint: 'Wait for it to finish, or raise lock_timeout (seconds) in the target. One run per target at a time keeps builds from interleaving.',
    },
  );
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function pgHolder(conn: Connection, name: string): Promise<string> {
  const res = await conn.query(
    `select a.pid, coalesce(nullif(a.application_name, ''), 'unknown application') as app, to_char(a.backend_start, 'YYYY-MM-DD HH24:MI:SS') as since
     from pg_locks l join pg_stat_activity a on a.pid = l.pid
     where l.locktype = 'advisory' and l.granted and l.classid = $1 and l.objid = hashtext($2)::oid`,
    [LOCK_CLASS, name],
  );
  const r = res.rows[0];
  return r ? `pid ${String(r.pid)}, ${String(r.app)}, since ${String(r.since)}` : 'a session that just ended';
}

/**
 * Runs fn holding the target's run lock. PostgreSQL: a session advisory lock
 * on a connection held for the whole run. PGlite: a lock file beside the data
 * folder (one process per folder), taken over when its process is gone.
 */
export async function withRunLock<T>(
  adapter: Adapter,
  target: TargetConfig,
  opts: RunLockOptions,
  fn: () => Promise<T>,
): Promise<T> {
  if (target.type === 'pglite') {
    if (target.path === 'memory://') return fn();
    const file = `${target.path.replace(/\/+$/, '')}.lock`;
    await waitForLock(target, opts, async () => tryLockFile(file, opts.command));
    try {
      return await fn();
    } finally {
      rmSync(file, { force: true });
    }
  }
  const name = lockName(target);
  return adapter.withConnection(async (conn) => {
    await waitForLock(target, opts, async () => {
      const got = await conn.query('select pg_try_advisory_lock($1, hashtext($2)) as ok', [LOCK_CLASS, name]);
      return got.rows[0]?.ok === true ? undefined : pgHolder(conn, name);
    });
    try {
      return await fn();
    } finally {
      await conn.query('select pg_advisory_unlock($1, hashtext($2))', [LOCK_CLASS, name]).catch(() => {});
    }
  });
}

/** Tries until `attempt` takes the lock (returns undefined) or the timeout passes (throws, naming the holder). */
async function waitForLock(
  target: TargetConfig,
  opts: RunLockOptions,
  attempt: () => Promise<string | undefined>,
): Promise<void> {
  const deadline = Date.now() + opts.timeoutMs;
  let waited = false;
  for (;;) {
    const holder = await attempt();
    if (holder === undefined) return;
    if (Date.now() >= deadline) throw busy(target, holder, opts.timeoutMs);
    if (!waited) opts.onWait?.(holder);
    waited = true;
    await sleep(opts.pollMs ?? 250);
  }
}

/** Takes the lock file; returns undefined when taken, or a description of who holds it. */
function tryLockFile(file: string, command: string): string | undefined {
  mkdirSync(dirname(file), { recursive: true });
  try {
    const fd = openSync(file, 'wx');
    writeSync(fd, JSON.stringify({ pid: process.pid, command, since: new Date().toISOString() }));
    closeSync(fd);
    return undefined;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  let info: { pid?: number; command?: string; since?: string } = {};
  try {
    info = JSON.parse(readFileSync(file, 'utf8')) as typeof info;
  } catch {
    // half-written by a process that died: stale
  }
  if (!info.pid || !alive(info.pid)) {
    if (existsSync(file)) rmSync(file, { force: true });
    return tryLockFile(file, command);
  }
  return `pid ${info.pid}, tsmodel ${info.command ?? ''}, since ${info.since ?? 'unknown'}`.replace(/ +,/g, ',');
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

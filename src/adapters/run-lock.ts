import type { TargetConfig } from '../config/types.js';
import { LockBusy, lockBusyError, waitForLock } from './folder-lock.js';
import type { Adapter, Connection } from './types.js';
import { watchBlockers } from './lock-waits.js';

export interface RunLockOptions {
  /** How long a second run waits for the first, in milliseconds. */
  timeoutMs: number;
  /** How often it looks again. */
  pollMs?: number;
  /** What this run is (shown to a run that waits for it). */
  command: string;
  /** Called once when the lock is busy and the run starts waiting. */
  onWait?: (holder: string) => void;
  /**
   * PostgreSQL: called once per blocker when a statement of this run waits
   * for a lock held by another session (e.g. one left running by a killed
   * run), with a line saying who it is and how to end it.
   */
  onBlocked?: (line: string) => void;
  /** How often to look for such waits (default 3 s). */
  blockedPollMs?: number;
  /** Aborted (Ctrl-C): a run still waiting for the lock stops waiting. */
  signal?: AbortSignal;
}

/** The advisory-lock key: a fixed first half ("tsm"), the target's identity hashed by the server. */
const LOCK_CLASS = 0x74736d;

async function pgHolder(conn: Connection, name: string): Promise<string> {
  const res = await conn.query(
    `select a.pid, coalesce(nullif(a.application_name, ''), 'unknown application') as app,
            to_char(a.backend_start, 'YYYY-MM-DD HH24:MI:SS') as since
     from pg_locks l join pg_stat_activity a on a.pid = l.pid
     where l.locktype = 'advisory' and l.granted and l.classid = $1 and l.objid = hashtext($2)::oid`,
    [LOCK_CLASS, name],
  );
  const r = res.rows[0];
  return r ? `pid ${String(r.pid)}, ${String(r.app)}, since ${String(r.since)}` : 'a session that just ended';
}

/** PGlite runs of this process, by folder: two runs on one adapter take turns. */
const pgliteRuns = new Map<string, string>();

/**
 * Runs fn holding the target's run lock, with the adapter open. PostgreSQL: a
 * session advisory lock on a connection held for the whole run. PGlite: the
 * adapter opens the folder only while holding its lock file (folder-lock.ts),
 * so another process waits before it ever opens the folder; runs inside this
 * process take turns on a map of folders.
 */
export async function withRunLock<T>(
  adapter: Adapter,
  target: TargetConfig,
  options: RunLockOptions,
  fn: () => Promise<T>,
): Promise<T> {
  const signal = options.signal;
  const opts = signal ? { ...options, cancelled: () => signal.aborted } : options;
  try {
    if (target.type === 'pglite') {
      if (target.path === 'memory://') {
        await adapter.open();
        return await fn();
      }
      const key = target.path;
      await waitForLock(opts, async () => pgliteRuns.get(key));
      pgliteRuns.set(key, `pid ${process.pid}, tsmodel ${opts.command}, since ${new Date().toISOString()}`);
      try {
        await adapter.open();
        return await fn();
      } finally {
        pgliteRuns.delete(key);
      }
    }
    const name = `${target.type}:${target.schema}`;
    await adapter.open();
    return await adapter.withConnection(async (conn) => {
      await waitForLock(opts, async () => {
        const got = await conn.query('select pg_try_advisory_lock($1, hashtext($2)) as ok', [LOCK_CLASS, name]);
        return got.rows[0]?.ok === true ? undefined : pgHolder(conn, name);
      });
      const watch = opts.onBlocked ? watchBlockers(conn, opts.onBlocked, opts.blockedPollMs ?? 3000) : undefined;
      try {
        return await fn();
      } finally {
        await watch?.stop();
        await conn.query('select pg_advisory_unlock($1, hashtext($2))', [LOCK_CLASS, name]).catch(() => {});
      }
    });
  } catch (err) {
    if (err instanceof LockBusy) throw lockBusyError(target.name, err.holder, err.timeoutMs);
    throw err;
  }
}

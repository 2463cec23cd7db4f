import type { Connection } from './types.js';

/**
 * Sessions of this application waiting for a lock, with the sessions that
 * hold it: who they are, since when, and what they run. A run whose earlier
 * attempt was killed can find that attempt's statement still running on the
 * server (the server notices a dead client only when it next writes to it),
 * holding locks the new run needs.
 */
const BLOCKERS = `
  select w.pid as waiting, b.pid, coalesce(nullif(b.application_name, ''), 'unknown application') as app,
         to_char(b.backend_start, 'YYYY-MM-DD HH24:MI:SS') as since, b.state,
         extract(epoch from now() - b.query_start)::int as running_s,
         -- a node's batch starts with its BEGIN: the statement that matters follows it
         left(regexp_replace(regexp_replace(b.query, '\\s+', ' ', 'g'), '^ ?begin ?; ?', '', 'i'), 80) as query
  from pg_stat_activity w
  cross join lateral unnest(pg_blocking_pids(w.pid)) as bp(pid)
  join pg_stat_activity b on b.pid = bp.pid
  where w.datname = current_database() and w.wait_event_type = 'Lock'
    and w.application_name = (select application_name from pg_stat_activity where pid = pg_backend_pid())
  order by w.pid, b.pid`;

/**
 * Looks every `pollMs` for this run's statements waiting on a lock, and
 * reports each blocker once (on `conn`, the run lock's otherwise idle session).
 */
export function watchBlockers(
  conn: Connection,
  report: (line: string) => void,
  pollMs: number,
): { stop(): Promise<void> } {
  const seen = new Set<string>();
  let polling: Promise<void> = Promise.resolve();
  const poll = async () => {
    const res = await conn.query(BLOCKERS).catch(() => ({ rows: [] as Record<string, unknown>[] }));
    for (const r of res.rows) {
      const key = `${String(r.waiting)}:${String(r.pid)}`;
      if (seen.has(key)) continue;
      seen.add(key);
      report(blockedLine(r));
    }
  };
  const timer = setInterval(() => (polling = polling.then(poll)), pollMs);
  return {
    async stop() {
      clearInterval(timer);
      await polling;
    },
  };
}

function blockedLine(r: Record<string, unknown>): string {
  const pid = String(r.pid);
  const doing =
    r.state === 'active'
      ? `running for ${String(r.running_s)}s: ${String(r.query)}`
      : `${String(r.state)} in a transaction`;
  return (
    `a statement of this run waits for a lock held by pid ${pid} (${String(r.app)}, connected since ${String(r.since)}, ${doing}). ` +
    `If that session was left by a killed run, end it with: select pg_terminate_backend(${pid})`
  );
}

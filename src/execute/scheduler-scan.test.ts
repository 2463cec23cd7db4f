import { describe, expect, it } from 'vitest';
import { runDag, type Outcome, type ScheduleOptions } from './scheduler.js';

/** The scheduler as it was: each step scans every waiting node (kept here as the reference of the order). */
function scanningDag<R>(opts: ScheduleOptions<R>): Promise<Map<string, Outcome<R>>> {
  const inOrder = new Set(opts.order);
  const outcomes = new Map<string, Outcome<R>>();
  const waiting = new Map<string, Set<string>>();
  for (const id of opts.order) waiting.set(id, new Set([...opts.parents(id)].filter((p) => inOrder.has(p))));
  const pending = [...opts.order];
  let running = 0;
  let halted = false;

  return new Promise((resolve) => {
    const finishIfDone = () => {
      if (running === 0 && outcomes.size === opts.order.length) resolve(outcomes);
    };
    const blockedBy = (id: string): string | undefined => {
      for (const p of waiting.get(id)!) {
        const o = outcomes.get(p);
        if (o && (o.kind !== 'done' || !o.ok)) return p;
      }
      return undefined;
    };
    const ready = (id: string) =>
      [...waiting.get(id)!].every((p) => {
        const o = outcomes.get(p);
        return o !== undefined && o.kind === 'done' && o.ok;
      });
    const pump = () => {
      if (!halted && opts.stopped?.()) halted = true;
      for (let i = 0; i < pending.length;) {
        const id = pending[i]!;
        if (halted) {
          outcomes.set(id, { kind: 'cancelled' });
          pending.splice(i, 1);
          continue;
        }
        const blocker = blockedBy(id);
        if (blocker) {
          const because = outcomes.get(blocker)!.kind === 'done' ? blocker : `${blocker} (skipped)`;
          outcomes.set(id, { kind: 'skipped', because });
          opts.onSkip?.(id, because);
          pending.splice(i, 1);
          i = 0; // a skip can unblock nothing but may skip more: rescan
          continue;
        }
        if (running < opts.concurrency && ready(id)) {
          pending.splice(i, 1);
          running++;
          opts
            .run(id)
            .then(({ result, ok }) => {
              outcomes.set(id, { kind: 'done', result, ok });
              if (!ok && opts.failFast) halted = true;
            })
            .catch((err: unknown) => {
              outcomes.set(id, { kind: 'done', result: err as R, ok: false });
              if (opts.failFast) halted = true;
            })
            .finally(() => {
              running--;
              pump();
              finishIfDone();
            });
          continue;
        }
        i++;
      }
      finishIfDone();
    };
    pump();
  });
}

/** A deterministic pseudo-random sequence (mulberry32). */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A random DAG and run: which nodes fail, how many ticks each takes, and the options. */
function scenario(seed: number) {
  const rnd = random(seed);
  const n = 1 + Math.floor(rnd() * 30);
  const order = Array.from({ length: n }, (_, i) => `n${i}`);
  const parents = new Map(order.map((id, i) => [id, order.slice(0, i).filter(() => rnd() < 0.15)]));
  const failing = new Set(order.filter(() => rnd() < 0.1));
  const ticks = new Map(order.map((id) => [id, Math.floor(rnd() * 4)]));
  const concurrency = 1 + Math.floor(rnd() * 4);
  const failFast = rnd() < 0.2;
  return { order, parents, failing, ticks, concurrency, failFast };
}

type Scheduler = (opts: ScheduleOptions<string>) => Promise<Map<string, Outcome<string>>>;

async function trace(scheduler: Scheduler, seed: number): Promise<string[]> {
  const s = scenario(seed);
  const log: string[] = [];
  const outcomes = await scheduler({
    order: s.order,
    parents: (id) => s.parents.get(id)!,
    concurrency: s.concurrency,
    failFast: s.failFast,
    onSkip: (id, because) => void log.push(`skip ${id} because ${because}`),
    run: async (id) => {
      log.push(`start ${id}`);
      for (let i = 0; i < s.ticks.get(id)!; i++) await Promise.resolve();
      log.push(`end ${id}`);
      return { result: id, ok: !s.failing.has(id) };
    },
  });
  return [...log, ...[...outcomes].map(([id, o]) => `${id}: ${o.kind}${o.kind === 'done' ? ` ${o.ok}` : ''}`)];
}

describe('runDag against a scan of every waiting node', () => {
  it('starts, skips and cancels the same nodes in the same order, on 300 random DAGs', async () => {
    for (let seed = 1; seed <= 300; seed++) {
      expect(await trace(runDag, seed), `seed ${seed}`).toEqual(await trace(scanningDag, seed));
    }
  });
});

/** What happened to one node of the DAG. */
export type Outcome<R> =
  { kind: 'done'; result: R; ok: boolean } | { kind: 'skipped'; because: string } | { kind: 'cancelled' };

export interface ScheduleOptions<R> {
  /** Node ids in topological order. */
  order: readonly string[];
  /** Parents of a node (only those in `order` matter). */
  parents: (id: string) => Iterable<string>;
  concurrency: number;
  failFast: boolean;
  /** Runs one node; returns its result and whether it succeeded. Must not throw. */
  run: (id: string) => Promise<{ result: R; ok: boolean }>;
  onSkip?: (id: string, because: string) => void;
  /** Checked before starting each node: true stops scheduling (cancellation). */
  stopped?: () => boolean;
}

/**
 * Runs a DAG: a node starts when all its parents succeeded, up to
 * `concurrency` at once. A failure skips the node's descendants; the rest
 * goes on unless failFast, which lets running nodes finish and cancels the
 * ones not started.
 */
export async function runDag<R>(opts: ScheduleOptions<R>): Promise<Map<string, Outcome<R>>> {
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

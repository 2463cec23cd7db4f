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

/** A min-heap of node positions in the topological order: the earliest first, as a scan of the order would. */
class PositionHeap {
  private readonly items: number[] = [];
  get size(): number {
    return this.items.length;
  }
  peek(): number | undefined {
    return this.items[0];
  }
  push(x: number): void {
    const a = this.items;
    a.push(x);
    for (let i = a.length - 1; i > 0;) {
      const up = (i - 1) >> 1;
      if (a[up]! <= x) break;
      a[i] = a[up]!;
      a[up] = x;
      i = up;
    }
  }
  pop(): number | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length === 0 || last === undefined) return top;
    a[0] = last;
    for (let i = 0; ;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < a.length && a[l]! < a[m]!) m = l;
      if (r < a.length && a[r]! < a[m]!) m = r;
      if (m === i) break;
      [a[i], a[m]] = [a[m]!, a[i]!];
      i = m;
    }
    return top;
  }
}

/**
 * Runs a DAG: a node starts when all its parents succeeded, up to
 * `concurrency` at once. A failure skips the node's descendants; the rest
 * goes on unless failFast, which lets running nodes finish and cancels the
 * ones not started. Nodes start, are skipped and are cancelled in the order of
 * `order` (the earliest ready one first). Each outcome updates its children's
 * counts, so a step costs what it changes, not a scan of every waiting node.
 */
export async function runDag<R>(opts: ScheduleOptions<R>): Promise<Map<string, Outcome<R>>> {
  const position = new Map(opts.order.map((id, i) => [id, i]));
  const outcomes = new Map<string, Outcome<R>>();
  const parents = opts.order.map((id) => [...new Set(opts.parents(id))].filter((p) => position.has(p)));
  const children: number[][] = opts.order.map(() => []);
  parents.forEach((ps, i) => ps.forEach((p) => children[position.get(p)!]!.push(i)));
  /** Per node: parents not yet done with success, and parents that failed, were skipped or cancelled. */
  const okLeft = parents.map((ps) => ps.length);
  const bad = parents.map(() => 0);
  const pending = opts.order.map(() => true);
  const ready = new PositionHeap();
  const blocked = new PositionHeap();
  okLeft.forEach((n, i) => n === 0 && ready.push(i));
  let running = 0;
  let halted = false;

  const settle = (i: number, outcome: Outcome<R>) => {
    outcomes.set(opts.order[i]!, outcome);
    const ok = outcome.kind === 'done' && outcome.ok;
    for (const c of children[i]!) {
      if (!pending[c]) continue;
      if (ok && --okLeft[c]! === 0 && bad[c] === 0) ready.push(c);
      if (!ok && bad[c]++ === 0) blocked.push(c);
    }
  };
  /** The first parent (in the order the caller gave them) that failed or was skipped. */
  const blocker = (i: number) =>
    parents[i]!.find((p) => {
      const o = outcomes.get(p);
      return o !== undefined && (o.kind !== 'done' || !o.ok);
    })!;

  return new Promise((resolve) => {
    const finishIfDone = () => {
      if (running === 0 && outcomes.size === opts.order.length) resolve(outcomes);
    };
    const start = (i: number) => {
      const id = opts.order[i]!;
      running++;
      opts
        .run(id)
        .then(({ result, ok }) => {
          settle(i, { kind: 'done', result, ok });
          if (!ok && opts.failFast) halted = true;
        })
        .catch((err: unknown) => {
          settle(i, { kind: 'done', result: err as R, ok: false });
          if (opts.failFast) halted = true;
        })
        .finally(() => {
          running--;
          pump();
          finishIfDone();
        });
    };
    const pump = () => {
      if (!halted && opts.stopped?.()) halted = true;
      if (halted) {
        opts.order.forEach((id, i) => {
          if (!pending[i]) return;
          pending[i] = false;
          outcomes.set(id, { kind: 'cancelled' });
        });
        finishIfDone();
        return;
      }
      // Earliest first: a blocked node is skipped (its children may become blocked: later in the order, so
      // still ahead); a ready one starts while there is room; once there is none, only skips go on.
      for (;;) {
        const b = blocked.peek();
        const r = running < opts.concurrency ? ready.peek() : undefined;
        if (b === undefined && r === undefined) break;
        if (b !== undefined && (r === undefined || b < r)) {
          blocked.pop();
          if (!pending[b]) continue;
          pending[b] = false;
          const p = blocker(b);
          const because = outcomes.get(p)!.kind === 'done' ? p : `${p} (skipped)`;
          settle(b, { kind: 'skipped', because });
          opts.onSkip?.(opts.order[b]!, because);
        } else {
          ready.pop();
          if (!pending[r!] || bad[r!]! > 0) continue;
          pending[r!] = false;
          start(r!);
        }
      }
      finishIfDone();
    };
    pump();
  });
}

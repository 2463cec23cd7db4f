import { describe, expect, it } from 'vitest';
import { runDag } from './scheduler.js';

// a → b → d, a → c, e (independent)
const parents: Record<string, string[]> = { a: [], b: ['a'], c: ['a'], d: ['b'], e: [] };
const order = ['a', 'e', 'b', 'c', 'd'];

function schedule(failing: string[], opts: { concurrency?: number; failFast?: boolean } = {}) {
  const started: string[] = [];
  let live = 0;
  let maxLive = 0;
  return runDag<string>({
    order,
    parents: (id) => parents[id]!,
    concurrency: opts.concurrency ?? 2,
    failFast: opts.failFast ?? false,
    run: async (id) => {
      started.push(id);
      live++;
      maxLive = Math.max(maxLive, live);
      await new Promise((r) => setTimeout(r, 5));
      live--;
      return { result: id, ok: !failing.includes(id) };
    },
  }).then((outcomes) => ({ outcomes, started, maxLive }));
}

describe('runDag', () => {
  it('runs every node after its parents, within the concurrency limit', async () => {
    const { outcomes, started, maxLive } = await schedule([]);
    expect([...outcomes.values()].every((o) => o.kind === 'done' && o.ok)).toBe(true);
    expect(started.indexOf('b')).toBeGreaterThan(started.indexOf('a'));
    expect(started.indexOf('d')).toBeGreaterThan(started.indexOf('b'));
    expect(maxLive).toBeLessThanOrEqual(2);
    expect(maxLive).toBe(2);
  });

  it('skips the descendants of a failure and goes on with independent branches', async () => {
    const { outcomes, started } = await schedule(['b']);
    expect(outcomes.get('b')).toMatchObject({ kind: 'done', ok: false });
    expect(outcomes.get('d')).toEqual({ kind: 'skipped', because: 'b' });
    expect(outcomes.get('c')).toMatchObject({ kind: 'done', ok: true });
    expect(started).not.toContain('d');
  });

  it('skips transitively, naming the skipped parent', async () => {
    const { outcomes } = await schedule(['a']);
    expect(outcomes.get('b')).toEqual({ kind: 'skipped', because: 'a' });
    expect(outcomes.get('d')).toEqual({ kind: 'skipped', because: 'b (skipped)' });
    expect(outcomes.get('e')).toMatchObject({ kind: 'done', ok: true });
  });

  it('with failFast, cancels what has not started', async () => {
    const { outcomes, started } = await schedule(['a'], { concurrency: 1, failFast: true });
    expect(started).toEqual(['a']);
    expect(outcomes.get('e')).toEqual({ kind: 'cancelled' });
  });

  it('runs one at a time with concurrency 1', async () => {
    const { maxLive, started } = await schedule([], { concurrency: 1 });
    expect(maxLive).toBe(1);
    expect(started).toEqual(order);
  });
});

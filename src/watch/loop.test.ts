import { describe, expect, it } from 'vitest';
import { RebuildLoop } from './loop.js';

interface Call {
  paths: string[];
  signal: AbortSignal;
  finish: () => void;
}

/** A loop whose rebuilds end when the test says so. */
function harness(opts: { debounceMs?: number; cancelRunning?: boolean } = {}) {
  const calls: Call[] = [];
  let notify: (() => void) | undefined;
  const loop = new RebuildLoop({
    debounceMs: opts.debounceMs ?? 5,
    cancelRunning: opts.cancelRunning ?? false,
    rebuild: (paths, signal) =>
      new Promise<void>((finish) => {
        calls.push({ paths: [...paths].sort(), signal, finish });
        notify?.();
      }),
  });
  const call = async (n: number): Promise<Call> => {
    while (calls.length < n) await new Promise<void>((r) => (notify = r));
    return calls[n - 1]!;
  };
  return { loop, calls, call };
}

describe('RebuildLoop', () => {
  it('debounces a burst of saves into one rebuild', async () => {
    const { loop, calls, call } = harness();
    loop.push('a.sql');
    loop.push('b.sql');
    loop.push('a.sql', 'c.sql');
    const first = await call(1);
    expect(first.paths).toEqual(['a.sql', 'b.sql', 'c.sql']);
    first.finish();
    await loop.idle();
    expect(calls).toHaveLength(1);
  });

  it('coalesces changes made during a rebuild into one rebuild after it', async () => {
    const { loop, calls, call } = harness();
    loop.runNow();
    const first = await call(1);
    expect(first.paths).toEqual([]);
    loop.push('a.sql');
    loop.push('b.sql');
    loop.push('a.sql');
    expect(first.signal.aborted).toBe(false);
    expect(calls).toHaveLength(1); // never two at once
    first.finish();
    const second = await call(2);
    expect(second.paths).toEqual(['a.sql', 'b.sql']);
    second.finish();
    await loop.idle();
    expect(calls).toHaveLength(2);
  });

  it('with cancelRunning, a change cancels the running rebuild, then rebuilds once', async () => {
    const { loop, calls, call } = harness({ cancelRunning: true });
    loop.push('a.sql');
    const first = await call(1);
    loop.push('b.sql');
    loop.push('c.sql');
    expect(first.signal.aborted).toBe(true);
    first.finish();
    const second = await call(2);
    expect(second.paths).toEqual(['b.sql', 'c.sql']);
    expect(second.signal.aborted).toBe(false);
    second.finish();
    await loop.idle();
    expect(calls).toHaveLength(2);
  });

  it('stop cancels the running rebuild, waits for it, and ignores later changes', async () => {
    const { loop, calls, call } = harness();
    loop.push('a.sql');
    const first = await call(1);
    const stopped = loop.stop();
    expect(first.signal.aborted).toBe(true);
    first.finish();
    await stopped;
    loop.push('b.sql');
    await loop.idle();
    expect(calls).toHaveLength(1);
  });
});

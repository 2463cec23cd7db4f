import type { EventSink, TsmodelEvent, WatchSummary } from '../../events/index.js';

/**
 * Keeps a watch session's events and lets a test wait for its summaries —
 * on events, with a generous timeout, never on a fixed sleep.
 */
export class WatchRecorder implements EventSink {
  readonly events: TsmodelEvent[] = [];
  private waiters: (() => void)[] = [];

  emit(e: TsmodelEvent): void {
    this.events.push(e);
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  summaries(): WatchSummary[] {
    return this.events.flatMap((e) => (e.type === 'watch' ? [e.summary] : []));
  }

  /** The number of rebuilds reported so far (the next one will be this number). */
  get count(): number {
    return this.summaries().length;
  }

  /** Waits until a summary after the first `from` ones satisfies `match`; returns it. */
  async until(
    from: number,
    match: (s: WatchSummary) => boolean = () => true,
    timeoutMs = 60_000,
  ): Promise<WatchSummary> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.summaries().slice(from).find(match);
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(
          `no matching watch summary within ${timeoutMs} ms; got: ${JSON.stringify(this.summaries().slice(from))}`,
        );
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  /** The events reported with rebuild n: its summary first, then what came with it (per-node lines, errors). */
  reportOf(n: number): TsmodelEvent[] {
    const start = this.events.findIndex((e) => e.type === 'watch' && e.summary.rebuild === n);
    if (start < 0) return [];
    const end = this.events.findIndex((e, i) => i > start && e.type === 'watch');
    return this.events.slice(start, end < 0 ? undefined : end);
  }

  /** Error events reported with rebuild n. */
  errorsOf(n: number) {
    return this.reportOf(n).flatMap((e) => (e.type === 'error' ? [e.error] : []));
  }
}

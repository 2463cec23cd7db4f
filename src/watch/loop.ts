export interface RebuildLoopOptions {
  /** Quiet time after the last change before a rebuild starts. */
  debounceMs: number;
  /** A change during a rebuild cancels it (--watch-cancel) instead of waiting for it to end. */
  cancelRunning: boolean;
  /** Rebuilds for the paths changed since the last one; must not throw. */
  rebuild(paths: string[], signal: AbortSignal): Promise<void>;
  /** Called when a rebuild is asked to stop early (before its signal is aborted). */
  onCancel?(): void;
  now?: () => number;
}

/**
 * Turns a stream of changed paths into rebuilds: a burst of saves is
 * debounced into one; changes arriving while a rebuild runs are coalesced
 * into one rebuild after it (or, with cancelRunning, cancel it first).
 * Never two rebuilds at once.
 */
export class RebuildLoop {
  private pending = new Set<string>();
  private timer?: ReturnType<typeof setTimeout>;
  private running?: { done: Promise<void>; controller: AbortController };
  private lastChange = 0;
  private stopped = false;
  private forced = false;
  private idleWaiters: (() => void)[] = [];
  private readonly now: () => number;

  constructor(private readonly opts: RebuildLoopOptions) {
    this.now = opts.now ?? Date.now;
  }

  /** A path changed (or several). */
  push(...paths: string[]): void {
    if (this.stopped || paths.length === 0) return;
    for (const p of paths) this.pending.add(p);
    this.lastChange = this.now();
    if (this.running) {
      if (this.opts.cancelRunning && !this.running.controller.signal.aborted) {
        this.opts.onCancel?.();
        this.running.controller.abort();
      }
      return; // picked up when the running rebuild ends
    }
    this.arm(this.opts.debounceMs);
  }

  /** Runs a rebuild as soon as none runs, with or without changed paths (the first build). */
  runNow(): void {
    if (this.stopped) return;
    this.forced = true;
    if (!this.running) this.arm(0);
  }

  get busy(): boolean {
    return this.running !== undefined || this.timer !== undefined || this.pending.size > 0 || this.forced;
  }

  /** Resolves once nothing is pending and nothing runs. */
  idle(): Promise<void> {
    if (!this.busy) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Stops: no new rebuild starts; a running one is cancelled and awaited. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.pending.clear();
    this.forced = false;
    const running = this.running;
    if (running) {
      this.opts.onCancel?.();
      running.controller.abort();
      await running.done;
    }
    this.settle();
  }

  private arm(delayMs: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        this.start();
      },
      Math.max(0, delayMs),
    );
  }

  private start(): void {
    if (this.stopped || this.running || (this.pending.size === 0 && !this.forced)) {
      this.settle();
      return;
    }
    const paths = [...this.pending];
    this.pending = new Set();
    this.forced = false;
    const controller = new AbortController();
    const done = this.opts
      .rebuild(paths, controller.signal)
      .catch(() => {})
      .finally(() => {
        this.running = undefined;
        if (this.stopped) return;
        if (this.forced) this.arm(0);
        else if (this.pending.size > 0) {
          // Still debounce, counted from the last change (which may be long past).
          this.arm(this.opts.debounceMs - (this.now() - this.lastChange));
        } else this.settle();
      });
    this.running = { done, controller };
  }

  private settle(): void {
    if (this.busy && !this.stopped) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }
}

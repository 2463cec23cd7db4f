import { prepareColumnReport } from './columns.js';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { RunOptions } from '../api/run.js';
import { EventBus, type EventSink, type WatchSummary } from '../events/index.js';
import { RebuildLoop } from './loop.js';
import { RebuildOutput } from './output.js';
import { WatchSession, type WatchCommand } from './session.js';
import { FileWatcher } from './watcher.js';

export { RebuildLoop, type RebuildLoopOptions } from './loop.js';
export { WatchSession, type WatchCommand, type SessionOptions } from './session.js';
export { FileSnapshot } from './files.js';
export { RebuildOutput } from './output.js';
export interface WatchOptions extends Omit<RunOptions, 'project' | 'nodes' | 'signal'> {
  /** run: models only; build: seeds, models, snapshots and their tests (default build). */
  command?: WatchCommand;
  /** Quiet time after the last save before a rebuild starts (default 40 ms). */
  debounceMs?: number;
  /** A save during a rebuild cancels it (--watch-cancel) instead of queueing a rebuild after it. */
  cancelRunning?: boolean;
  /** --watch-columns: each rebuild names the downstream columns the changed models feed. */
  columns?: boolean;
}

export interface WatchHandle {
  /** Stops watching: cancels a running rebuild, closes the watcher and the connections it opened. */
  stop(): Promise<void>;
  /** Resolves when watching has stopped. */
  readonly closed: Promise<void>;
  /** Resolves once no change is waiting and no rebuild runs. */
  idle(): Promise<void>;
  /** The session (parse statistics, rebuild count). */
  readonly session: WatchSession;
}

/**
 * `tsmodel build --watch`: builds what is selected, then watches the
 * project's files and, after each burst of saves, rebuilds exactly the nodes
 * whose build changed and what depends on them. Resolves once the files are
 * watched and the first build has started; each build ends with a 'watch'
 * summary event. Throws only if project.yml or the profile can't be read.
 */
/**
 * `tsmodel run --watch` / `tsmodel build --watch`: builds what is selected,
 * then rebuilds what each burst of saves changes (and what depends on it),
 * keeping one connection open, until `stop()`. Every rebuild ends with a
 * 'watch' event summarizing it. Part of the package's API (src/index.ts).
 */
export function watch(opts: WatchOptions = {}): Promise<WatchHandle> {
  return startWatch(opts);
}

export async function startWatch(opts: WatchOptions = {}): Promise<WatchHandle> {
  if (opts.columns) await prepareColumnReport();
  const sink: EventSink = opts.events ?? new EventBus();
  const output = new RebuildOutput(sink);
  const session = new WatchSession({ ...opts, command: opts.command ?? 'build', events: output });
  let watcher: FileWatcher | undefined;
  const loop = new RebuildLoop({
    debounceMs: opts.debounceMs ?? 40,
    cancelRunning: opts.cancelRunning ?? false,
    onCancel: () => void session.cancelInFlight(),
    rebuild: async (paths, signal) => {
      const first = session.rebuilds === 0;
      if (!first) output.hold();
      let summary: WatchSummary | undefined;
      try {
        summary = await session.rebuild(paths, signal);
      } catch (err) {
        sink.emit({
          type: 'log',
          level: 'error',
          message: `watch: ${err instanceof Error ? err.message : String(err)}`,
        });
      }
      if (summary) output.emit({ type: 'watch', summary });
      else output.release();
      if (summary?.reloaded) watcher?.retarget(session.watchedPaths());
      if (first) {
        const { root, folders } = session.watchedPaths();
        const present = folders.filter((f) => existsSync(join(root, f)));
        sink.emit({
          type: 'log',
          level: 'info',
          message: `Watching ${present.length ? `${present.join(', ')} and ` : ''}the project's config for changes (Ctrl-C to stop)`,
        });
      }
    },
  });
  watcher = new FileWatcher(session.watchedPaths(), {
    onChange: (paths) => loop.push(...paths),
    onError: (err) =>
      sink.emit({
        type: 'log',
        level: 'warn',
        message: `watching files: ${err instanceof Error ? err.message : String(err)}`,
      }),
  });
  await watcher.start();
  loop.runNow();
  let resolveClosed!: () => void;
  const closed = new Promise<void>((r) => (resolveClosed = r));
  let stopping: Promise<void> | undefined;
  return {
    session,
    closed,
    idle: () => loop.idle(),
    stop: () =>
      (stopping ??= (async () => {
        await loop.stop();
        await watcher?.close();
        await session.close();
        resolveClosed();
      })()),
  };
}

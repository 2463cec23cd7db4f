import type { Argv } from 'yargs';
import type { EventBus } from '../../events/index.js';
import type { GlobalArgs } from '../context.js';
import { projectOptions } from '../context.js';
import { EXIT_OK } from '../exit-code.js';

/** The flags `run` and `build` take for watch mode. */
export interface WatchArgs {
  watch?: boolean;
  'watch-cancel'?: boolean;
  'watch-columns'?: boolean;
}

export function withWatchFlags<T>(y: Argv<T>): Argv<T> {
  return y
    .option('watch', {
      type: 'boolean',
      describe: 'keep running: after each save, rebuild what changed and what depends on it (--select bounds it)',
    })
    .option('watch-cancel', {
      type: 'boolean',
      implies: 'watch',
      describe: 'with --watch: a save during a rebuild cancels it rather than waiting for it to end',
    })
    .option('watch-columns', {
      type: 'boolean',
      implies: 'watch',
      describe: "with --watch: name the downstream columns each save's changed models feed (column lineage)",
    }) as unknown as Argv<T>;
}

/** `run --watch` / `build --watch`: watches until Ctrl-C (or SIGTERM), then closes its connections and exits 0. */
export async function runWatch(
  command: 'run' | 'build',
  args: GlobalArgs & WatchArgs,
  events: EventBus,
): Promise<number> {
  const { watch } = await import('../../watch/index.js');
  const handle = await watch({
    ...projectOptions(args, events),
    failFast: args['fail-fast'],
    command,
    cancelRunning: args['watch-cancel'] ?? false,
    columns: args['watch-columns'] ?? false,
  });
  const stop = () => void handle.stop();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    await handle.closed;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
  return EXIT_OK;
}

import { formatError, toErrorList } from '../errors/index.js';
import { eventsFor, processIo, type CliIo, type GlobalArgs } from './context.js';
import { EXIT_INTERRUPTED, exitCodeForError } from './exit-code.js';
import type { EventBus } from '../events/index.js';

/**
 * Runs a command body and turns what it returns (an exit code) or throws (a
 * TsmodelError, or several) into process.exitCode. Errors print as one
 * paragraph each; a stack trace only with --debug, and only for an internal
 * error (a bug in tsmodel): a user's mistake needs no stack to be fixed.
 */
export function handle<A extends GlobalArgs>(
  body: (args: A, events: EventBus, io: CliIo, signal: AbortSignal) => Promise<number> | number,
  io: CliIo = processIo,
  /** The command prints data on stdout (ls, show, compile): its logs and warnings go to stderr, so `ls -o json | jq` works. */
  opts: { dataOnStdout?: boolean } = {},
) {
  return async (args: A): Promise<void> => {
    const events = eventsFor(args, opts.dataOnStdout ? { ...io, out: io.err } : io);
    const interrupt = interruptions(events);
    try {
      // The column: selector needs PostgreSQL's parser, which loads asynchronously (once).
      if ([...(args.select ?? []), ...(args.exclude ?? [])].some((s) => String(s).includes('column:')))
        await (await import('../api/column-lineage.js')).loadColumnLineage();
      const code = await body(args, events, io, interrupt.signal);
      // An interrupted run exits 130; watch mode ends on Ctrl-C by design and says 0.
      process.exitCode = interrupt.signal.aborted && code !== 0 ? EXIT_INTERRUPTED : code;
    } catch (err) {
      if (interrupt.signal.aborted) {
        process.exitCode = EXIT_INTERRUPTED;
        return;
      }
      const errors = toErrorList(err);
      if (args['log-format'] === 'json') {
        for (const e of errors) events.emit({ type: 'error', error: e });
      } else {
        for (const e of errors) io.err(formatError(e, { debug: args.debug && e.code === 'internal' }));
        if (errors.length > 1) io.err(`${errors.length} problems found; nothing was run.`);
      }
      process.exitCode = exitCodeForError(err);
    } finally {
      interrupt.dispose();
    }
  };
}

/**
 * Ctrl-C or SIGTERM aborts the command: statements in flight are cancelled,
 * nodes not started are marked cancelled in run_results.json, and the exit
 * code is 130. A second Ctrl-C exits at once.
 */
function interruptions(events: EventBus): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const onSignal = (sig: NodeJS.Signals) => {
    if (controller.signal.aborted) process.exit(EXIT_INTERRUPTED);
    events.log('warn', `${sig}: cancelling the statements in flight (press Ctrl-C again to exit at once)`);
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: controller.signal,
    dispose: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}

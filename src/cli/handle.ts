import { formatError, toErrorList } from '../errors/index.js';
import { eventsFor, processIo, type CliIo, type GlobalArgs } from './context.js';
import { exitCodeForError } from './exit-code.js';
import type { EventBus } from '../events/index.js';

/**
 * Runs a command body and turns what it returns (an exit code) or throws (a
 * TsmodelError, or several) into process.exitCode. Errors print as one
 * paragraph each; a stack trace only with --debug, and only for an internal
 * error (a bug in tsmodel): a user's mistake needs no stack to be fixed.
 */
export function handle<A extends GlobalArgs>(
  body: (args: A, events: EventBus, io: CliIo) => Promise<number> | number,
  io: CliIo = processIo,
  /** The command prints data on stdout (ls, show, compile): its logs and warnings go to stderr, so `ls -o json | jq` works. */
  opts: { dataOnStdout?: boolean } = {},
) {
  return async (args: A): Promise<void> => {
    const events = eventsFor(args, opts.dataOnStdout ? { ...io, out: io.err } : io);
    try {
      process.exitCode = await body(args, events, io);
    } catch (err) {
      const errors = toErrorList(err);
      if (args['log-format'] === 'json') {
        for (const e of errors) events.emit({ type: 'error', error: e });
      } else {
        for (const e of errors) io.err(formatError(e, { debug: args.debug && e.code === 'internal' }));
        if (errors.length > 1) io.err(`${errors.length} problems found; nothing was run.`);
      }
      process.exitCode = exitCodeForError(err);
    }
  };
}

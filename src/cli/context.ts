import { readEnv, parseVarsArg } from '../config/env.js';
import { ConsoleReporter, EventBus, JsonLinesReporter } from '../events/index.js';
import type { ProjectOptions, SelectionOptions } from '../api/index.js';
import { scrubLine } from '../secrets/index.js';

/** The global flags, as yargs hands them over. */
export interface GlobalArgs {
  'project-dir'?: string;
  'profiles-dir'?: string;
  target?: string;
  vars?: string;
  threads?: number;
  select?: string[];
  exclude?: string[];
  state?: string;
  defer?: boolean;
  'defer-state'?: string;
  'favor-state'?: boolean;
  'full-refresh'?: boolean;
  'partial-parse'?: boolean;
  'fail-fast'?: boolean;
  'log-format'?: 'text' | 'json';
  quiet?: boolean;
  debug?: boolean;
}

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
  isTTY: boolean;
}

/** The console: with target/ and logs/ (artifacts/write.ts), where output leaves the process, so secrets are scrubbed here. */
export const processIo: CliIo = {
  out: (line) => process.stdout.write(`${scrubLine(line)}\n`),
  err: (line) => process.stderr.write(`${scrubLine(line)}\n`),
  isTTY: Boolean(process.stdout.isTTY),
};

/** Builds the event bus the flags ask for: dbt-style text (coloured in a terminal unless NO_COLOR) or JSON lines. */
export function eventsFor(args: GlobalArgs, io: CliIo): EventBus {
  const env = readEnv();
  if (args['log-format'] === 'json') return new EventBus([new JsonLinesReporter(io.out, { includeDebug: args.debug })]);
  const color = io.isTTY && env.NO_COLOR === undefined && env.FORCE_COLOR !== '0';
  return new EventBus([
    new ConsoleReporter({
      write: io.out,
      color,
      quiet: args.quiet,
      debug: args.debug,
      interactive: io.isTTY,
    }),
  ]);
}

/** Global flags → the API's options. */
export function projectOptions(
  args: GlobalArgs,
  events: EventBus,
  signal?: AbortSignal,
): ProjectOptions & SelectionOptions & { signal?: AbortSignal } {
  const split = (list?: string[]) => list?.flatMap((s) => String(s).split(/\s+/)).filter(Boolean);
  return {
    projectDir: args['project-dir'],
    profilesDir: args['profiles-dir'],
    target: args.target,
    vars: args.vars ? parseVarsArg(args.vars) : undefined,
    threads: args.threads,
    fullRefresh: args['full-refresh'],
    partialParse: args['partial-parse'] !== false,
    select: split(args.select),
    exclude: split(args.exclude),
    state: args.state,
    ...(args.defer ? { defer: true } : {}),
    ...(args['defer-state'] ? { deferState: args['defer-state'] } : {}),
    ...(args['favor-state'] ? { favorState: true } : {}),
    events,
    signal,
  };
}

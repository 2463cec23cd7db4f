import yargs, { type Argv } from 'yargs';
import { hideBin } from 'yargs/helpers';
import type { GlobalArgs } from './context.js';
import { cleanCommand } from './commands/clean.js';
import { compileCommand } from './commands/compile.js';
import { dashboardCommand } from './commands/dashboard.js';
import { debugCommand } from './commands/debug.js';
import { depsCommand } from './commands/deps.js';
import { docsCommand } from './commands/docs.js';
import { initCommand } from './commands/init.js';
import { lsCommand } from './commands/ls.js';
import { lineageCommand } from './commands/lineage.js';
import { runCommand } from './commands/run.js';
import { buildCommand } from './commands/build.js';
import { seedCommand } from './commands/seed.js';
import { cloneCommand } from './commands/clone.js';
import { sourceCommand } from './commands/source.js';
import { snapshotCommand } from './commands/snapshot.js';
import { generateCommand } from './commands/generate.js';
import { showCommand } from './commands/show.js';
import { testCommand } from './commands/test.js';
import { EXIT_USAGE } from './exit-code.js';

/** The global flags every command takes. */
export function withGlobals(y: Argv): Argv<GlobalArgs> {
  return y
    .option('project-dir', { type: 'string', describe: 'the project folder (default: the current one)', global: true })
    .option('profiles-dir', {
      type: 'string',
      describe: 'where profiles.yml is (default: project folder, $TSMODEL_PROFILES_DIR, ~/.tsmodel)',
      global: true,
    })
    .option('target', {
      alias: 't',
      type: 'string',
      describe: "target in the profile (default: the profile's target, $TSMODEL_TARGET, or embedded)",
      global: true,
    })
    .option('vars', {
      type: 'string',
      describe: "variables as YAML or JSON, e.g. '{start_date: 2024-01-01}'",
      global: true,
    })
    .option('threads', { type: 'number', describe: 'models built at once (PGlite: always 1)', global: true })
    .option('select', {
      alias: ['s', 'models', 'm'],
      type: 'array',
      string: true,
      describe: 'nodes to include (dbt selector syntax: name, +name, name+, tag:x, path:, config.k:v, @x, a,b …)',
      global: true,
    })
    .option('exclude', { type: 'array', string: true, describe: 'nodes to leave out (same syntax)', global: true })
    .option('state', {
      type: 'string',
      describe: 'folder with an earlier manifest.json / run_results.json, for state: and result: selectors',
      global: true,
    })
    .option('defer', {
      type: 'boolean',
      describe: "refs to unselected models this target lacks read the --state manifest's relations",
      global: true,
    })
    .option('defer-state', {
      type: 'string',
      describe: 'the manifest folder --defer reads (default: --state)',
      global: true,
    })
    .option('favor-state', {
      type: 'boolean',
      describe: '--defer even when this target has the relation',
      global: true,
    })
    .option('full-refresh', { type: 'boolean', describe: 'rebuild incremental models from scratch', global: true })
    .option('partial-parse', {
      type: 'boolean',
      describe: 'reuse the parse kept in target/ where nothing it depends on changed (--no-partial-parse: parse all)',
      global: true,
    })
    .option('fail-fast', { alias: 'x', type: 'boolean', describe: 'stop at the first failure', global: true })
    .option('log-format', {
      choices: ['text', 'json'] as const,
      default: 'text' as const,
      describe: 'text (dbt-style) or one JSON object per line',
      global: true,
    })
    .option('quiet', { alias: 'q', type: 'boolean', describe: 'only errors and the summary', global: true })
    .option('debug', {
      alias: 'd',
      type: 'boolean',
      describe: 'show debug logs and stack traces',
      global: true,
    }) as unknown as Argv<GlobalArgs>;
}

/**
 * A flag given twice keeps its last value, as in most command lines (yargs
 * would hand over an array: `--target a --target b` crashed with "value.trim
 * is not a function"). List flags (--select, --exclude, --resource-type …)
 * keep every value.
 */
function lastValueWins(cli: Argv<GlobalArgs>) {
  return (argv: Record<string, unknown>) => {
    // getOptions() is yargs API its typings leave out.
    const lists = new Set((cli as unknown as { getOptions(): { array: string[] } }).getOptions().array);
    for (const [key, value] of Object.entries(argv)) {
      if (key !== '_' && Array.isArray(value) && !lists.has(key)) argv[key] = value[value.length - 1];
    }
  };
}

/** yargs' usage instance: an internal its typings leave out. */
type WithUsage = { getInternalMethods(): { getUsageInstance(): { cacheHelpMessage(): void } } };

export function buildCli(argv: string[]): Argv<GlobalArgs> {
  const cli = withGlobals(yargs(argv).scriptName('tsmodel'));
  // Once a command's handler has started, yargs renders the whole help text in case a later failure shows it
  // (0.15–0.5 s of every command's start); our .fail never shows help (an error is thrown, a usage message is
  // printed alone), so that text is never read: it is not made. `--help` itself renders it as before.
  (cli as unknown as WithUsage).getInternalMethods().getUsageInstance().cacheHelpMessage = () => {};
  return cli
    .middleware(lastValueWins(cli), true)
    .usage(
      '$0 <command> [options]\n\nA dbt-style SQL modeling framework: templated SQL models → a dependency ' +
        'graph → tables and views on PostgreSQL or the embedded PGlite.',
    )
    .command(runCommand)
    .command(seedCommand)
    .command(cloneCommand)
    .command(sourceCommand)
    .command(snapshotCommand)
    .command(generateCommand)
    .command(buildCommand)
    .command(testCommand)
    .command(compileCommand)
    .command(lsCommand)
    .command(lineageCommand)
    .command(showCommand)
    .command(docsCommand)
    .command(dashboardCommand)
    .command(debugCommand)
    .command(cleanCommand)
    .command(depsCommand)
    .command(initCommand)
    .demandCommand(1, 'Name a command, e.g. tsmodel run (tsmodel --help lists them).')
    .recommendCommands()
    .strict()
    .example('$0 run', 'build every model on the embedded database')
    .example('$0 run --select warehouse+', 'rebuild the warehouse layer and all it feeds')
    .example('$0 ls --select tag:nightly --output path', 'list files by tag')
    .epilogue(
      'Exit codes: 0 success, 1 a model failed, 2 usage/config/template/graph/connection error (nothing ' +
        'ran).\nEnvironment: DB_HOST DB_PORT DB_NAME DB_USER DB_PASSWORD or DATABASE_URL (postgres ' +
        'target), TSMODEL_TARGET, TSMODEL_PROFILES_DIR, NO_COLOR.',
    )
    .fail((msg, err, y) => {
      if (err) throw err;
      process.stderr.write(`${msg}\n\nRun tsmodel --help for usage.\n`);
      void y;
      process.exit(EXIT_USAGE);
    })
    .help()
    .alias('help', 'h')
    .version('0.1.0')
    .wrap(Math.min(110, process.stdout.columns || 100));
}

export async function main(argv: string[] = hideBin(process.argv)): Promise<void> {
  await buildCli(argv).parseAsync();
}

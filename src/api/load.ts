import { randomUUID } from 'node:crypto';
import { join, resolve } from 'node:path';
import {
  loadProjectConfig,
  loadTarget,
  readEnv,
  type Env,
  type ProjectConfig,
  type TargetConfig,
} from '../config/index.js';
import { TsmodelError, TsmodelErrors } from '../errors/index.js';
import { EventBus, type EventSink } from '../events/index.js';
import { buildGraph, assertAcyclic, type Graph } from '../graph/index.js';
import { parseProject, type ParseCache, type ParsedProject } from '../parse/index.js';
import { readProjectFiles, type ProjectFiles } from '../project/index.js';
import { readJsonIfExists } from '../artifacts/index.js';
import { MIN_SECRET_LENGTH, rememberSecret, takeUnscrubbableSources } from '../secrets/index.js';
import { findPackages, packageVars, withPackageFiles, type ProjectPackage } from '../packages/installed.js';
import { selectNodes, type PreviousState } from '../select/index.js';
import type { ResourceType } from '../parse/index.js';
import { columnLineageOf, columnLineageView } from './column-lineage.js';

/** Options every command shares. */
export interface ProjectOptions {
  projectDir?: string;
  profilesDir?: string;
  /** Target name in the profile (--target). */
  target?: string;
  /** A ready target, bypassing profiles.yml (tests and scripts). */
  targetConfig?: TargetConfig;
  /** --vars, applied over project.yml's vars. */
  vars?: Record<string, unknown>;
  threads?: number;
  fullRefresh?: boolean;
  /** Where events go; nothing is printed when omitted. */
  events?: EventSink;
  /** The environment; read once from process.env by default. */
  env?: Env;
  /** Watch mode: the files as already read (only changed ones read again) and an earlier parse's work to reuse. */
  incremental?: { files(config: ProjectConfig): ProjectFiles; parseCache: ParseCache };
}

export interface SelectionOptions {
  select?: string[];
  exclude?: string[];
  /** A folder with an earlier manifest.json / run_results.json (state:, result: selectors). */
  state?: string;
}

export interface LoadedProject {
  config: ProjectConfig;
  target: TargetConfig;
  parsed: ParsedProject;
  graph: Graph;
  invocationId: string;
  runStartedAt: string;
  events: EventBus;
  env: Env;
  /** The installed packages (dbt_packages/, npm) the project was parsed with. */
  packages?: readonly ProjectPackage[];
}

function projectVars(
  config: ProjectConfig,
  cli: Record<string, unknown> | undefined,
  packages: ReadonlySet<string> = new Set(),
): Record<string, unknown> {
  const vars: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(config.vars)) {
    // dbt lets vars be scoped to a project: vars: {my_project: {x: 1}}; those of a package are the package's.
    const scope = v && typeof v === 'object' && !Array.isArray(v);
    if (k === config.name && scope) Object.assign(vars, v);
    else if (!(packages.has(k) && scope)) vars[k] = v;
  }
  return { ...vars, ...(cli ?? {}) };
}

/** Reads, parses and checks a project: config, target, nodes, graph. Throws every problem found at once. */
export function loadProject(opts: ProjectOptions = {}): LoadedProject {
  const events = opts.events instanceof EventBus ? opts.events : new EventBus(opts.events ? [opts.events] : []);
  const env = opts.env ?? readEnv();
  const projectDir = opts.projectDir ?? '.';
  const { config, warnings } = loadProjectConfig(projectDir, { env, vars: opts.vars });
  for (const w of warnings)
    events.log('warn', w.location ? `${w.location.file}:${w.location.line}: ${w.message}` : w.message);
  let target = opts.targetConfig;
  if (!target) {
    const loaded = loadTarget({
      projectDir: config.projectRoot,
      profileName: config.profile,
      profilesDir: opts.profilesDir,
      target: opts.target,
      env,
      threads: opts.threads,
    });
    for (const w of loaded.warnings) events.log('warn', w.message);
    target = loaded.target;
  } else if (opts.threads) {
    target = { ...target, threads: target.type === 'pglite' ? 1 : opts.threads };
  }
  rememberProjectSecrets(target, env);
  const found = findPackages(config);
  for (const w of found.warnings)
    events.log('warn', w.location ? `${w.location.file}:${w.location.line ?? 1}: ${w.message}` : w.message);
  const scopes = new Set(found.packages.map((p) => p.name));
  const invocationId = randomUUID();
  const runStartedAt = new Date().toISOString();
  const parsed = parseProject({
    config,
    files: withPackageFiles(
      opts.incremental ? opts.incremental.files(config) : readProjectFiles(config),
      found.packages,
    ),
    target: {
      name: target.name,
      profile_name: target.profileName,
      schema: target.schema,
      type: target.type,
      threads: target.threads,
      database: target.type === 'pglite' ? undefined : target.dbname,
    },
    vars: projectVars(config, opts.vars, scopes),
    packages: found.packages.map((p) => ({ config: p.config, vars: packageVars(config, p.config, scopes, opts.vars) })),
    env,
    invocationId,
    runStartedAt,
    fullRefresh: opts.fullRefresh,
    log: (message, info) => events.log(info ? 'info' : 'debug', message),
    ...(opts.incremental ? { cache: opts.incremental.parseCache } : {}),
  });
  for (const w of parsed.warnings)
    events.log('warn', w.location ? `${w.location.file}:${w.location.line ?? 1}: ${w.message}` : w.message);
  for (const source of takeUnscrubbableSources())
    events.log(
      'warn',
      `${source} is a secret shorter than ${MIN_SECRET_LENGTH} characters: it can't be told apart from ordinary words, so it is NOT scrubbed from the console, logs/ or target/. Use a longer one.`,
    );
  if (parsed.errors.length > 0) throw new TsmodelErrors(parsed.errors);
  const graph = buildGraph(parsed.nodes);
  assertAcyclic(graph);
  return { config, target, parsed, graph, invocationId, runStartedAt, events, env, packages: found.packages };
}

/** What must never be shown: the target's password and, as in dbt, every DBT_ENV_SECRET_* variable. */
function rememberProjectSecrets(target: TargetConfig, env: Env): void {
  if ('password' in target) rememberSecret(target.password, `the password of target '${target.name}'`);
  for (const [name, value] of Object.entries(env))
    if (name.toUpperCase().startsWith('DBT_ENV_SECRET_')) rememberSecret(value, `environment variable ${name}`);
}

/** An artifact of an earlier run; a damaged one is the user's to fix, not a crash. */
function readStateFile(path: string): unknown {
  try {
    return readJsonIfExists(path);
  } catch (err) {
    throw new TsmodelError(
      'usage',
      `--state: ${path} is not a readable JSON artifact (${err instanceof Error ? err.message : String(err)})`,
      {
        location: { file: path },
        hint: 'Point --state at the target folder of an earlier tsmodel run, or delete the damaged file.',
        cause: err,
      },
    );
  }
}

function readState(dir: string): { state?: PreviousState; previousResults?: Map<string, string> } {
  const manifest = readStateFile(join(dir, 'manifest.json')) as
    | {
        nodes?: Record<
          string,
          { checksum?: { checksum?: string }; config?: Record<string, unknown>; description?: string }
        >;
        sources?: Record<string, unknown>;
        exposures?: Record<string, unknown>;
      }
    | undefined;
  const results = readStateFile(join(dir, 'run_results.json')) as
    { results?: { unique_id: string; status: string }[] } | undefined;
  const out: { state?: PreviousState; previousResults?: Map<string, string> } = {};
  if (manifest) {
    const nodes = new Map<string, { checksum: string; config: Record<string, unknown>; description?: string }>();
    for (const [id, n] of Object.entries({
      ...(manifest.nodes ?? {}),
      ...(manifest.sources ?? {}),
      ...(manifest.exposures ?? {}),
    }) as [string, { checksum?: { checksum?: string }; config?: Record<string, unknown>; description?: string }][]) {
      nodes.set(id, { checksum: n.checksum?.checksum ?? '', config: n.config ?? {}, description: n.description });
    }
    out.state = { nodes };
  }
  if (results) out.previousResults = new Map((results.results ?? []).map((r) => [r.unique_id, r.status]));
  return out;
}

/** Applies --select / --exclude (and --state) to a loaded project. */
export function selectFrom(project: LoadedProject, sel: SelectionOptions, resourceTypes?: ResourceType[]): Set<string> {
  const stateDir = sel.state ? resolve(sel.state) : undefined;
  const extra = stateDir ? readState(stateDir) : {};
  // column: reads column lineage, computed only when such a selector is evaluated.
  const columnLineage = columnLineageView(() => columnLineageOf(project));
  return selectNodes(
    { graph: project.graph, ...extra, columnLineage },
    { select: sel.select, exclude: sel.exclude, resourceTypes },
  );
}

export type { TsmodelError };

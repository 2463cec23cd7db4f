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
import {
  parseProject,
  type ParseCache,
  type ParsedProject,
  type ParseInputs,
  type PartialParse,
} from '../parse/index.js';
import { parseWithPartialParse } from './partial-parse.js';
import { readProjectFiles, type ProjectFiles } from '../project/index.js';
import { MIN_SECRET_LENGTH, rememberSecret, takeUnscrubbableSources } from '../secrets/index.js';
import { findPackages, packageVars, withPackageFiles, type ProjectPackage } from '../packages/installed.js';
import { selectNodes, type CurrentState } from '../select/index.js';
import { contractOf, nodeInputs, type ResourceType } from '../parse/index.js';
import {
  dbtChecksumOf,
  readPreviousResults,
  readSourceFreshness,
  readStateManifest,
  type StateManifest,
} from './state.js';
import { columnLineageOf, columnLineageView } from './column-lineage.js';
import { withTestsMatched } from './dbt-tests.js';

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
  /**
   * Reuse what an earlier process parsed, kept in target/partial_parse.bin (the CLI's default; off when
   * TSMODEL_PARTIAL_PARSE=0). Watch mode keeps its own parse in memory instead.
   */
  partialParse?: boolean;
}

export interface SelectionOptions {
  select?: string[];
  exclude?: string[];
  /** A folder with an earlier manifest.json / run_results.json (state:, result: selectors). */
  state?: string;
  /** --defer: refs to nodes this run does not select, and that the target lacks, read the state's relations. */
  defer?: boolean;
  /** --defer-state: the manifest deferral reads (default: --state). */
  deferState?: string;
  /** --favor-state: defer even when the target has the relation. */
  favorState?: boolean;
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
  /** With partialParse: what the parse took from target/ (parse/partial-parse.ts), and which files it rendered. */
  partialParse?: Pick<PartialParse, 'how' | 'rendered' | 'reason' | 'generation' | 'editedFrom'>;
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

/** How a caller of loadProject loads it, beyond ProjectOptions. */
export interface LoadHooks {
  /** Called as soon as the target is known, before the parse (e.g. to start the adapter). */
  onTarget?(target: TargetConfig): void;
  /** The command reads few nodes' SQL (ls, run -s): a kept parse's nodes are read lazily (artifacts/lazy-nodes.ts). */
  fewNodes?: boolean;
}

/** Reads, parses and checks a project: config, target, nodes, graph. Throws every problem found at once. */
export function loadProject(opts: ProjectOptions = {}, hooks: LoadHooks = {}): LoadedProject {
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
  hooks.onTarget?.(target);
  const found = findPackages(config);
  for (const w of found.warnings)
    events.log('warn', w.location ? `${w.location.file}:${w.location.line ?? 1}: ${w.message}` : w.message);
  const scopes = new Set(found.packages.map((p) => p.name));
  const invocationId = randomUUID();
  const runStartedAt = new Date().toISOString();
  const inputs: ParseInputs = {
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
  };
  const partial = opts.partialParse && !opts.incremental && env.TSMODEL_PARTIAL_PARSE !== '0';
  const reuse = partial ? parseWithPartialParse(inputs, config, events, { lazyNodes: hooks.fewNodes }) : undefined;
  const parsed = reuse ? reuse.parsed : parseProject(inputs);
  for (const w of parsed.warnings)
    events.log('warn', w.location ? `${w.location.file}:${w.location.line ?? 1}: ${w.message}` : w.message);
  for (const source of takeUnscrubbableSources())
    events.log(
      'warn',
      `${source} is a secret shorter than ${MIN_SECRET_LENGTH} characters: it can't be told apart from ` +
        'ordinary words, so it is NOT scrubbed from the console, logs/ or target/. Use a longer one.',
    );
  if (parsed.errors.length > 0) throw new TsmodelErrors(parsed.errors);
  const graph = buildGraph(parsed.nodes);
  assertAcyclic(graph);
  const partialParse = reuse && {
    how: reuse.how,
    rendered: reuse.rendered,
    reason: reuse.reason,
    ...(reuse.generation ? { generation: reuse.generation } : {}),
    ...(reuse.editedFrom ? { editedFrom: reuse.editedFrom } : {}),
  };
  return {
    config,
    target,
    parsed,
    graph,
    invocationId,
    runStartedAt,
    events,
    env,
    packages: found.packages,
    partialParse,
  };
}

/** What must never be shown: the target's password and, as in dbt, every DBT_ENV_SECRET_* variable. */
function rememberProjectSecrets(target: TargetConfig, env: Env): void {
  if ('password' in target) rememberSecret(target.password, `the password of target '${target.name}'`);
  for (const [name, value] of Object.entries(env))
    if (name.toUpperCase().startsWith('DBT_ENV_SECRET_')) rememberSecret(value, `environment variable ${name}`);
}

/** Applies --select / --exclude (and --state) to a loaded project. */
export function selectFrom(project: LoadedProject, sel: SelectionOptions, resourceTypes?: ResourceType[]): Set<string> {
  const stateDir = sel.state ? resolve(sel.state) : undefined;
  const state = stateDir ? stateManifest(project, stateDir) : undefined;
  const previousResults = stateDir ? readPreviousResults(stateDir) : undefined;
  const macros = new Map(
    [...(project.parsed.macros?.values() ?? [])]
      // tsmodel's built-in macros stand in for dbt's own: a dbt manifest has nothing of theirs to compare.
      .filter((m) => !(state?.producer === 'dbt' && m.packageName === 'tsmodel'))
      .map((m) => [m.uniqueId, { sql: m.sql, dependsOn: m.dependsOn }]),
  );
  const current: CurrentState = {
    macros,
    inputs: (n) => nodeInputs(n, project.parsed.parseEnv),
    contract: contractOf,
    dbtChecksum: dbtChecksumOf(project.config.projectRoot),
  };
  // column: reads column lineage, computed only when such a selector is evaluated.
  const columnLineage = columnLineageView(() => columnLineageOf(project));
  const sourceFreshness = [...(sel.select ?? []), ...(sel.exclude ?? [])].some((s) => s.includes('source_status:'))
    ? {
        previous: stateDir ? readSourceFreshness(join(stateDir, 'sources.json')) : undefined,
        current: readSourceFreshness(resolve(project.config.projectRoot, project.config.targetPath, 'sources.json')),
      }
    : undefined;
  return selectNodes(
    {
      graph: project.graph,
      current,
      columnLineage,
      ...(state ? { state } : {}),
      ...(previousResults ? { previousResults } : {}),
      ...(sourceFreshness ? { sourceFreshness } : {}),
    },
    { select: sel.select, exclude: sel.exclude, resourceTypes },
  );
}

/** What every artifact's metadata says of this invocation (dbt's generated_at is when it is written). */
export function artifactMeta(project: LoadedProject) {
  return {
    generated_at: new Date().toISOString(),
    invocation_id: project.invocationId,
    project_name: project.config.name,
    adapter_type: project.target.type,
    target_name: project.target.name,
  };
}

const stateCache = new WeakMap<LoadedProject, Map<string, StateManifest | undefined>>();

/** The manifest of DIR (--state, --defer-state), read once per loaded project. */
export function stateManifest(project: LoadedProject, dir: string): StateManifest | undefined {
  let byDir = stateCache.get(project);
  if (!byDir) stateCache.set(project, (byDir = new Map()));
  const path = resolve(dir);
  if (!byDir.has(path)) {
    const state = readStateManifest(path);
    byDir.set(path, state?.producer === 'dbt' ? withTestsMatched(state, project.graph) : state);
  }
  return byDir.get(path);
}

export type { TsmodelError };

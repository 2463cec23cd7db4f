import { randomUUID } from 'node:crypto';
import { join, resolve } from 'node:path';
import { createAdapter, type Adapter } from '../adapters/index.js';
import { connectionAttemptLine, waitingLine } from '../api/lock-lines.js';
import { loadProject, selectFrom, type LoadedProject } from '../api/load.js';
import { execute, type RunOptions, type RunSummary } from '../api/run.js';
import { loadProjectConfig, loadTarget, readEnv, type Env, type ProjectConfig } from '../config/index.js';
import { toErrorList, type TsmodelError } from '../errors/index.js';
import { EventBus, type EventSink, type WatchSummary } from '../events/index.js';
import { ParseCache, type ParseCacheStats, type ResourceType } from '../parse/index.js';
import { BuildRecords, downstream } from './build-records.js';
import { columnReport } from './columns.js';
import { FileSnapshot, projectFolders, projectRelative } from './files.js';
import { Fingerprints } from './fingerprint.js';
import type { WatchedPaths } from './watcher.js';

export type WatchCommand = 'run' | 'build';

const RESOURCE_TYPES: Record<WatchCommand, ResourceType[]> = {
  run: ['model'],
  build: ['seed', 'model', 'snapshot', 'test', 'unit_test'],
};

/** Relations watch mode reports when their node leaves the graph. */
const OK = new Set(['success', 'pass', 'warn']);

export interface SessionOptions extends Omit<RunOptions, 'project' | 'nodes' | 'signal' | 'events'> {
  command: WatchCommand;
  events: EventSink;
  /** --watch-columns: each rebuild names the downstream columns the changed models feed (column lineage). */
  columns?: boolean;
}

/**
 * The state watch mode keeps between rebuilds — the files as read, the parse
 * cache, one open adapter, and what each node looked like the last time it
 * was built — and one rebuild: read what changed, parse incrementally,
 * compare compiled SQL, build the changed nodes and their descendants.
 */
export class WatchSession {
  private readonly env: Env;
  private config: ProjectConfig;
  private profilesFile?: string;
  private cache = new ParseCache();
  private snapshot?: FileSnapshot;
  private readonly built = new BuildRecords();
  private last?: LoadedProject;
  private ownAdapter?: Adapter;
  private targetKey?: string;
  private count = 0;
  private needsReload = true;
  private readonly stable = { invocationId: randomUUID(), runStartedAt: new Date().toISOString() };
  /** What the last parse rendered and reused (measurements, tests). */
  parseStats?: ParseCacheStats;
  /** How long the last rebuild took to parse. */
  parseMs = 0;

  /** Reads project.yml and the profile; throws their errors (nothing to watch without them). */
  constructor(private readonly opts: SessionOptions) {
    this.env = opts.env ?? readEnv();
    this.config = this.readSetup();
  }

  get rebuilds(): number {
    return this.count;
  }

  private readSetup(): ProjectConfig {
    const { config } = loadProjectConfig(this.opts.projectDir ?? '.');
    if (!this.opts.targetConfig) {
      const loaded = loadTarget({
        projectDir: config.projectRoot,
        profileName: config.profile,
        profilesDir: this.opts.profilesDir,
        target: this.opts.target,
        env: this.env,
        threads: this.opts.threads,
      });
      this.profilesFile = loaded.profilesFile ? resolve(config.projectRoot, loaded.profilesFile) : undefined;
    }
    return config;
  }

  /** What to watch: the resource folders, project.yml and profiles.yml. */
  watchedPaths(): WatchedPaths {
    const root = this.config.projectRoot;
    return {
      root,
      folders: projectFolders(this.config),
      files: [join(root, this.config.configFile), ...(this.profilesFile ? [this.profilesFile] : [])],
    };
  }

  private isConfigPath(abs: string): boolean {
    const root = this.config.projectRoot;
    return (
      abs === join(root, this.config.configFile) ||
      abs === this.profilesFile ||
      abs === join(root, 'project.yml') ||
      abs === join(root, 'dbt_project.yml')
    );
  }

  /** Cancels statements in flight (PostgreSQL; a PGlite statement can't be interrupted, so it finishes). */
  async cancelInFlight(): Promise<void> {
    const adapter = this.opts.adapter ?? this.ownAdapter;
    if (adapter && adapter.type !== 'pglite') await adapter.cancel().catch(() => {});
  }

  async close(): Promise<void> {
    const own = this.ownAdapter;
    this.ownAdapter = undefined;
    await own?.close().catch(() => {});
  }

  /**
   * One rebuild for the files changed since the last (absolute paths); the
   * first one builds everything selected. Returns its summary, or undefined
   * when none of the paths is a project file. Never throws: problems are
   * error events and an "invalid" or "failed" summary.
   */
  async rebuild(absPaths: readonly string[], signal?: AbortSignal): Promise<WatchSummary | undefined> {
    const started = Date.now();
    const root = this.config.projectRoot;
    const reload = this.needsReload || !this.snapshot || absPaths.some((p) => this.isConfigPath(p));
    const bus = new EventBus([this.opts.events]);
    let changed: string[];
    if (reload) {
      changed = [...new Set(absPaths.map((p) => projectRelative(root, p)))].sort();
      this.cache = new ParseCache();
      this.snapshot = undefined;
      this.needsReload = true;
      try {
        this.config = this.readSetup();
      } catch (err) {
        return this.invalid(bus, this.count++, changed, true, err, started);
      }
    } else {
      changed = this.snapshot!.update(absPaths.map((p) => projectRelative(root, p))).sort();
      if (changed.length === 0) return undefined;
    }
    const n = this.count++;
    const reloaded = reload && n > 0;

    let project: LoadedProject;
    const t0 = performance.now();
    try {
      project = loadProject({
        projectDir: this.opts.projectDir,
        profilesDir: this.opts.profilesDir,
        target: this.opts.target,
        targetConfig: this.opts.targetConfig,
        vars: this.opts.vars,
        threads: this.opts.threads,
        fullRefresh: this.opts.fullRefresh,
        env: this.env,
        events: bus,
        incremental: {
          files: (config) => (this.snapshot ??= new FileSnapshot(config)).current(),
          parseCache: this.cache,
        },
      });
    } catch (err) {
      this.parseMs = performance.now() - t0;
      this.parseStats = this.cache.stats;
      this.needsReload = !this.snapshot;
      return this.invalid(bus, n, changed, reloaded, err, started);
    }
    this.parseMs = performance.now() - t0;
    this.parseStats = this.cache.stats;
    this.needsReload = false;

    const adapter = await this.adapterFor(project, bus);
    const removed = this.built.forgetRemoved(this.last, project, bus);
    let bound: Set<string>;
    try {
      bound = selectFrom(
        project,
        { select: this.opts.select, exclude: this.opts.exclude },
        RESOURCE_TYPES[this.opts.command],
      );
    } catch (err) {
      return this.invalid(bus, n, changed, reloaded, err, started);
    }
    for (const id of bound) if (project.graph.nodes.get(id)!.config.materialized === 'ephemeral') bound.delete(id);

    const fp = new Fingerprints(project, this.cache, this.stable);
    const modified = this.built.modified(project, bound, fp, new Set(changed));
    // A changed unit test whose model did not build last time (it failed or was skipped): build the model again too.
    for (const id of [...modified]) {
      const model = project.graph.nodes.get(id)!.unitTest?.modelId;
      if (model && bound.has(model) && !this.built.succeeded(model)) modified.add(model);
    }
    const selected = downstream(project.graph, modified, bound);
    const columns = this.opts.columns ? columnReport(project, modified) : undefined;
    if (columns) bus.log('info', columns);
    const base = { rebuild: n, changed, reloaded, removed, errors: 0 };
    if (selected.size === 0) {
      this.last = project;
      return { ...base, rebuilt: [], counts: {}, outcome: 'unchanged', elapsedMs: Date.now() - started };
    }

    let result: RunSummary;
    try {
      const { command: _c, events: _e, adapter: _a, ...runOpts } = this.opts;
      result = await execute(this.opts.command, RESOURCE_TYPES[this.opts.command], {
        ...runOpts,
        env: this.env,
        project,
        nodes: selected,
        adapter,
        events: bus,
        ...(signal ? { signal } : {}),
      });
    } catch (err) {
      for (const id of selected) this.built.unfinished(id);
      const errors = toErrorList(err);
      for (const e of errors) bus.emit({ type: 'error', error: e });
      this.last = project;
      return {
        ...base,
        rebuilt: [],
        counts: {},
        errors: errors.length,
        outcome: 'failed',
        elapsedMs: Date.now() - started,
      };
    }

    const aborted = signal?.aborted ?? false;
    const counts: Record<string, number> = {};
    const done = new Set<string>();
    for (const r of result.results) {
      const id = r.node.uniqueId;
      counts[r.status] = (counts[r.status] ?? 0) + 1;
      done.add(id);
      if (r.status === 'cancelled' || (aborted && r.status === 'error')) {
        this.built.unfinished(id);
        continue;
      }
      this.built.built(id, fp, OK.has(r.status));
    }
    for (const id of selected) if (!done.has(id)) this.built.unfinished(id);
    this.last = project;
    const failed = result.results.some((r) => !OK.has(r.status));
    return {
      ...base,
      rebuilt: result.results.map((r) => r.node.name),
      counts,
      outcome: aborted ? 'cancelled' : failed ? 'failed' : 'built',
      elapsedMs: Date.now() - started,
    };
  }

  private invalid(
    bus: EventBus,
    n: number,
    changed: string[],
    reloaded: boolean,
    err: unknown,
    started: number,
  ): WatchSummary {
    const errors: TsmodelError[] = toErrorList(err);
    for (const e of errors) bus.emit({ type: 'error', error: e });
    return {
      rebuild: n,
      changed,
      reloaded,
      rebuilt: [],
      removed: [],
      counts: {},
      errors: errors.length,
      outcome: 'invalid',
      elapsedMs: Date.now() - started,
    };
  }

  /** One adapter for the whole session (the caller's, or one of ours, made again only if the target changes). */
  private async adapterFor(project: LoadedProject, bus: EventBus): Promise<Adapter> {
    const key = JSON.stringify(project.target);
    if (key !== this.targetKey) {
      if (this.targetKey !== undefined) {
        bus.log('info', `the target changed (${project.target.name}): everything selected is built again`);
        this.built.clear();
      }
      this.targetKey = key;
      if (!this.opts.adapter) {
        await this.ownAdapter?.close().catch(() => {});
        this.ownAdapter = createAdapter(project.target, {
          command: 'watch',
          onRetry: (attempt, err, info) => {
            const line = connectionAttemptLine(attempt, err, info);
            if (line) bus.log('warn', line);
          },
          onLockWait: (holder) => bus.log('warn', waitingLine(project.target.name, holder)),
        });
      }
    }
    return this.opts.adapter ?? this.ownAdapter!;
  }
}

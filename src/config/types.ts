import type { SourceLocation } from '../errors/index.js';

/**
 * A nested folder-config tree as written under `models:` / `seeds:` / … in
 * project.yml: keys starting with "+" (or known config names) are configs,
 * other keys are sub-folders. The first level is the project (or package) name.
 */
export type FolderConfigTree = Record<string, unknown>;

export interface ProjectConfig {
  /** Absolute path of the project folder. */
  projectRoot: string;
  /** The file read, relative to projectRoot: "project.yml" or "dbt_project.yml". */
  configFile: string;
  name: string;
  version?: string;
  profile: string;
  modelPaths: string[];
  seedPaths: string[];
  testPaths: string[];
  macroPaths: string[];
  snapshotPaths: string[];
  analysisPaths: string[];
  docsPaths: string[];
  /** Relative to projectRoot; default "target". */
  targetPath: string;
  /** Relative to projectRoot; default "logs". */
  logPath: string;
  cleanTargets: string[];
  vars: Record<string, unknown>;
  onRunStart: string[];
  onRunEnd: string[];
  models: FolderConfigTree;
  seeds: FolderConfigTree;
  snapshots: FolderConfigTree;
  tests: FolderConfigTree;
  sources: FolderConfigTree;
  analyses: FolderConfigTree;
  /**
   * Where each top-level key was written (keyed as written), and each key of the resource trees
   * (keyed by its path joined with "/": "models/shop/staging/+schema"), for later error messages.
   */
  locations: Record<string, SourceLocation>;
  /** dbt keys tsmodel reads but does not act on yet; always filled by loadProjectConfig. */
  configVersion?: number;
  requireDbtVersion?: string[];
  assetPaths?: string[];
  /** Relative to projectRoot; default "dbt_packages". */
  packagesInstallPath?: string;
  quoting?: Record<string, unknown>;
  dispatch?: unknown[];
  /** dbt's query-comment: a string, a mapping or null (disabled). */
  queryComment?: unknown;
  flags?: Record<string, unknown>;
  /** The quality score's settings (min_score, weights, layers), checked by data-tests/. */
  quality?: Record<string, unknown>;
  unitTests?: FolderConfigTree;
  /** Other known dbt sections kept as written (semantic-models, exposures, metrics, …). */
  extra?: Record<string, unknown>;
}

export type TargetType = 'pglite' | 'postgres' | 'citus';

interface TargetBase {
  /** The target's name in the profile, e.g. "embedded" or "postgres". */
  name: string;
  profileName: string;
  type: TargetType;
  schema: string;
  threads: number;
  /** Transient-failure retries when connecting / running (reliability issue). */
  retries: number;
  /** Milliseconds between retries. */
  retryDelayMs: number;
  /** Each retry waits this many times longer than the last (1: a fixed delay). */
  retryBackoff?: number;
  /** How long a run waits for another run on the same target, in milliseconds (default 60 s). */
  lockTimeoutMs?: number;
}

export interface PgliteTarget extends TargetBase {
  type: 'pglite';
  /** Absolute path of the data folder, or "memory://" for an in-memory database. */
  path: string;
  /** Milliseconds; 0 or undefined means none. */
  statementTimeoutMs?: number;
}

export interface PostgresTarget extends TargetBase {
  type: 'postgres' | 'citus';
  host: string;
  port: number;
  user: string;
  password?: string;
  dbname: string;
  /** Milliseconds; 0 or undefined means none. */
  statementTimeoutMs?: number;
  connectTimeoutMs?: number;
  sslmode?: string;
  sslrootcert?: string;
  sslcert?: string;
  sslkey?: string;
  /** Seconds of idleness before TCP keepalives start. */
  keepalivesIdle?: number;
  searchPath?: string;
  role?: string;
  applicationName?: string;
  /** Where the settings came from: a profile, or DATABASE_URL. */
  source: 'profile' | 'DATABASE_URL';
}

export type TargetConfig = PgliteTarget | PostgresTarget;

/** A read-only snapshot of the environment variables, taken once by config/. */
export type Env = Readonly<Record<string, string | undefined>>;

export interface Warning {
  message: string;
  location?: SourceLocation;
}

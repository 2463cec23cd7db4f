import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { readJsonIfExists } from '../artifacts/index.js';
import { isoMicros } from '../data-tests/index.js';
import { TsmodelError } from '../errors/index.js';
import type { ContractState, NodeInputs, ProjectNode, Relation } from '../parse/index.js';
import { sha256 } from '../project/index.js';
import { testKey } from './dbt-tests.js';
import { checkStateFields } from './state-fields.js';
import { comparableConfig, dbtConfigKeys, dbtHashedText } from '../select/index.js';
import type { DbtRules, MacroState, PreviousNode, PreviousState } from '../select/index.js';

/** A node of the state manifest: what selection compares, and where it lives (for --defer and clone). */
export interface StateNode extends PreviousNode {
  resourceType: string;
  materialized?: string;
  /** Absent for ephemeral models, tests and nodes without a relation. */
  relation?: Relation;
  /** dbt's generic tests: what the test checks (api/dbt-tests.ts), to match it with the project's. */
  testKey?: string;
}

/** An earlier run's manifest (--state / --defer-state DIR), read once, in either tsmodel's or dbt's shape. */
export interface StateManifest extends PreviousState {
  path: string;
  /** `dbt` when written by dbt, `tsmodel` by us. */
  producer: 'dbt' | 'tsmodel';
  /** The manifest's schema version, as written. */
  version: string;
  nodes: ReadonlyMap<string, StateNode>;
  targetName?: string;
}

/** dbt manifests tsmodel reads: the node fields it needs have these shapes from v10 (dbt 1.6) to v12. */
const DBT_VERSIONS = /\/manifest\/v(1[0-2])\.json$/;

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** An artifact of an earlier run; a damaged one is the user's to fix, not a crash. */
export function readStateFile(path: string): unknown {
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

function checkVersion(path: string, metadata: Json): { producer: 'dbt' | 'tsmodel'; version: string } {
  const tsmodel = str(obj(metadata.env).TSMODEL_VERSION) ?? str(metadata.tsmodel_version);
  const dbt = str(metadata.dbt_schema_version);
  if (tsmodel) return { producer: 'tsmodel', version: dbt ?? str(metadata.schema_version) ?? tsmodel };
  if (dbt && DBT_VERSIONS.test(dbt)) return { producer: 'dbt', version: dbt };
  throw new TsmodelError(
    'usage',
    `--state: ${path} is a manifest of schema version ${dbt ?? str(metadata.schema_version) ?? '(none)'}, ` +
      'which tsmodel cannot read',
    {
      location: { file: path },
      hint: 'Use a manifest written by tsmodel, or by dbt 1.6 or later (schema v10–v12): run that version once more.',
    },
  );
}

/** dbt 1.12 and later hash files with whitespace compacted, earlier ones stripped (an unknown version: stripped). */
function dbtRules(version: string | undefined): DbtRules {
  const m = /^(\d+)\.(\d+)/.exec(version ?? '');
  const compact = !!m && (Number(m[1]) > 1 || (Number(m[1]) === 1 && Number(m[2]) >= 12));
  return { checksum: compact ? 'compact' : 'strip' };
}

function relationOf(n: Json, materialized: string | undefined): Relation | undefined {
  if (materialized === 'ephemeral') return undefined;
  const schema = str(n.schema);
  const identifier = str(n.alias) ?? str(n.identifier) ?? str(n.name);
  if (!schema || !identifier) return undefined;
  const database = str(n.database);
  return { schema, identifier, ...(database ? { database } : {}) };
}

function contractOf(n: Json): ContractState | undefined {
  const c = n.contract;
  if (!c || typeof c !== 'object') return undefined;
  const r = obj(c);
  return { enforced: r.enforced === true, alias_types: r.alias_types !== false, checksum: str(r.checksum) ?? null };
}

/** What dbt recorded that its own state comparisons read (tsmodel's compare checksum and config as written). */
function dbtFields(n: Json, config: Json): Partial<StateNode> {
  const tm = n.test_metadata && typeof n.test_metadata === 'object' ? obj(n.test_metadata) : undefined;
  return {
    config: comparableConfig(config),
    configKeys: dbtConfigKeys(config),
    checksumName: str(obj(n.checksum).name) ?? 'sha256',
    // A big seed's checksum is its path, written with the separators of the machine that ran dbt.
    ...(str(obj(n.checksum).name) === 'path'
      ? { checksum: (str(obj(n.checksum).checksum) ?? '').replace(/\\/g, '/') }
      : {}),
    ...(typeof n.raw_code === 'string' ? { rawCode: n.raw_code } : {}),
    ...(tm && typeof n.attached_node === 'string' && typeof tm.name === 'string'
      ? { testKey: testKey(n.attached_node, tm.name, tm.namespace, obj(tm.kwargs)) }
      : {}),
  };
}

function nodeOf(n: Json, producer: 'dbt' | 'tsmodel'): StateNode {
  // tsmodel's own additions (config.tsmodel) are not config: they never count as a config change.
  const { tsmodel: ours, ...config } = obj(n.config);
  const materialized = str(config.materialized);
  const resourceType = str(n.resource_type) ?? '';
  const macros = obj(n.depends_on).macros;
  const relation = ['model', 'seed', 'snapshot', 'source'].includes(resourceType)
    ? relationOf(n, materialized)
    : undefined;
  const contract = contractOf(n);
  return {
    checksum: str(n.checksum) ?? str(obj(n.checksum).checksum) ?? '',
    config,
    description: str(n.description),
    resourceType,
    ...(materialized ? { materialized } : {}),
    ...(relation ? { relation } : {}),
    ...(Array.isArray(macros) ? { macros: macros.filter((m): m is string => typeof m === 'string') } : {}),
    ...(contract ? { contract } : {}),
    ...(producer === 'tsmodel' && obj(ours).inputs ? { inputs: obj(ours).inputs as NodeInputs } : {}),
    ...(producer === 'dbt' ? dbtFields(n, config) : {}),
  };
}

/** Reads DIR/manifest.json; undefined when there is none. Refuses a manifest whose version it can't read. */
export function readStateManifest(dir: string): StateManifest | undefined {
  const path = join(dir, 'manifest.json');
  const raw = readStateFile(path);
  if (raw === undefined) return undefined;
  const manifest = obj(raw);
  const metadata = obj(manifest.metadata);
  const { producer, version } = checkVersion(path, metadata);
  checkStateFields(path, manifest);
  const nodes = new Map<string, StateNode>();
  for (const group of [manifest.nodes, manifest.sources, manifest.exposures, manifest.unit_tests])
    for (const [id, n] of Object.entries(obj(group))) nodes.set(id, nodeOf(obj(n), producer));
  const macroEntries = Object.entries(obj(manifest.macros));
  const withText = macroEntries.filter(([, m]) => typeof obj(m).macro_sql === 'string');
  const macros = new Map<string, MacroState>(
    withText.map(([id, m]) => {
      const deps = obj(obj(m).depends_on).macros;
      return [id, { sql: String(obj(m).macro_sql), dependsOn: Array.isArray(deps) ? deps.map(String) : [] }];
    }),
  );
  const targetName = str(obj(metadata.env).TSMODEL_TARGET) ?? str(metadata.target_name);
  return {
    path,
    producer,
    version,
    nodes,
    ...(withText.length > 0 ? { macros } : {}),
    recordsInputs: producer === 'tsmodel' && str(metadata.dbt_schema_version) !== undefined,
    ...(producer === 'dbt' ? { dbt: dbtRules(str(metadata.dbt_version)) } : {}),
    ...(targetName ? { targetName } : {}),
  };
}

/** DIR/run_results.json's statuses by unique id (result: selectors); undefined when there is none. */
export function readPreviousResults(dir: string): Map<string, string> | undefined {
  const results = readStateFile(join(dir, 'run_results.json')) as
    { results?: { unique_id: string; status: string }[] } | undefined;
  return results ? new Map((results.results ?? []).map((r) => [r.unique_id, r.status])) : undefined;
}

/**
 * A sources.json's latest load per source (µs since the epoch; null for a runtime error), for
 * source_status:fresher; undefined when there is no such file. Reads dbt's and tsmodel's (v1–v3).
 */
export function readSourceFreshness(path: string): Map<string, number | null> | undefined {
  const raw = obj(readStateFile(path));
  if (Object.keys(raw).length === 0) return undefined;
  const out = new Map<string, number | null>();
  for (const r of Array.isArray(raw.results) ? raw.results : []) {
    const entry = obj(r);
    if (typeof entry.unique_id !== 'string') continue;
    const at = typeof entry.max_loaded_at === 'string' ? isoMicros(entry.max_loaded_at) : undefined;
    out.set(entry.unique_id, at ?? null);
  }
  return out;
}

/** dbt checksums a seed over 1 MiB by its path instead of its contents. */
const DBT_MAX_SEED = 1024 * 1024;

/**
 * The checksum dbt would record for a node's file (state:modified.body of seeds against dbt's
 * manifest): sha256 of its text by dbt's rule, or its path for a seed over 1 MiB. Undefined when
 * the file cannot be read (the node then counts as modified).
 */
export function dbtChecksumOf(projectRoot: string) {
  return (node: ProjectNode, rules: DbtRules): { name: string; checksum: string } | undefined => {
    const abs = join(projectRoot, node.originalFilePath);
    try {
      if (statSync(abs).size > DBT_MAX_SEED) return { name: 'path', checksum: node.originalFilePath };
      return { name: 'sha256', checksum: sha256(dbtHashedText(readFileSync(abs, 'utf8'), rules.checksum)) };
    } catch {
      return undefined;
    }
  };
}

import type { Warning } from '../config/types.js';
import type { YamlPath } from '../config/yaml.js';
import { TsmodelError, type SourceLocation } from '../errors/index.js';
import type { NodePatch } from './schema-yaml.js';
import { testEntriesOf, type TestEntry } from './test-entries.js';
import type { ColumnInfo, ProjectNode } from './types.js';

/** One entry of a model's `versions:` (dbt's model versions). */
export interface VersionDef {
  v: string | number;
  definedIn?: string;
  description?: string;
  config: Record<string, unknown>;
  /** The version's own columns (they override the model's), and which of the model's it keeps. */
  columns: Record<string, unknown>[];
  include: 'all' | string[];
  exclude: string[];
  deprecationDate?: string;
  /** Data tests declared under the version's own columns. */
  testEntries: TestEntry[];
  location: SourceLocation;
}

type Locate = (path: YamlPath) => SourceLocation;
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Reads `versions:` and `latest_version` of a model entry. */
export function parseVersions(
  entry: Record<string, unknown>,
  path: YamlPath,
  locate: Locate,
  errors: TsmodelError[],
): { versions: VersionDef[]; latest?: string | number } | undefined {
  if (entry.versions === undefined || entry.versions === null) return undefined;
  if (!Array.isArray(entry.versions)) {
    errors.push(
      new TsmodelError('config', `versions: of model '${String(entry.name)}' must be a list of {v: …} entries`, {
        location: locate([...path, 'versions']),
      }),
    );
    return undefined;
  }
  const versions: VersionDef[] = [];
  entry.versions.forEach((raw, i) => {
    const at = locate([...path, 'versions', i]);
    if (!isObj(raw) || (typeof raw.v !== 'string' && typeof raw.v !== 'number')) {
      errors.push(
        new TsmodelError('config', `each version of model '${String(entry.name)}' needs a v: (a number or a name)`, {
          location: at,
          hint: 'write "- v: 2"',
        }),
      );
      return;
    }
    const columns: Record<string, unknown>[] = [];
    const testEntries: TestEntry[] = [];
    let include: 'all' | string[] = 'all';
    let exclude: string[] = [];
    (Array.isArray(raw.columns) ? raw.columns : []).forEach((c: unknown, j: number) => {
      if (!isObj(c)) return;
      if (c.include !== undefined || c.exclude !== undefined) {
        include =
          c.include === undefined || c.include === 'all' || c.include === '*' ? 'all' : [c.include].flat().map(String);
        exclude = c.exclude === undefined ? [] : [c.exclude].flat().map(String);
      } else if (typeof c.name === 'string') {
        columns.push(c);
        testEntries.push(...testEntriesOf(c, [...path, 'versions', i, 'columns', j], locate, c.name, c.quote === true));
      }
    });
    versions.push({
      v: raw.v,
      definedIn: typeof raw.defined_in === 'string' ? raw.defined_in : undefined,
      description: typeof raw.description === 'string' ? raw.description : undefined,
      config: isObj(raw.config) ? raw.config : {},
      columns,
      include,
      exclude,
      deprecationDate: raw.deprecation_date === undefined ? undefined : String(raw.deprecation_date),
      testEntries,
      location: at,
    });
  });
  const latest = entry.latest_version;
  if (latest !== undefined && !versions.some((v) => String(v.v) === String(latest)))
    errors.push(
      new TsmodelError(
        'config',
        `latest_version of model '${String(entry.name)}' is ${String(latest)}, which is not one of its versions`,
        {
          location: locate([...path, 'latest_version']),
          hint: `Use one of: ${versions.map((v) => v.v).join(', ')}.`,
        },
      ),
    );
  return { versions, latest: typeof latest === 'string' || typeof latest === 'number' ? latest : undefined };
}

/** The highest version (numbers compare as numbers), dbt's default latest_version. */
function highest(versions: readonly VersionDef[]): string | number {
  return [...versions].sort((a, b) => {
    const [x, y] = [Number(a.v), Number(b.v)];
    return Number.isNaN(x) || Number.isNaN(y) ? String(a.v).localeCompare(String(b.v)) : x - y;
  })[versions.length - 1]!.v;
}

function versionColumns(base: NodePatch, v: VersionDef): Record<string, ColumnInfo> {
  const out: Record<string, ColumnInfo> = {};
  for (const [name, c] of Object.entries(base.columns))
    if ((v.include === 'all' || v.include.includes(name)) && !v.exclude.includes(name)) out[name] = c;
  for (const c of v.columns) {
    const name = String(c.name);
    out[name] = {
      ...(out[name] ?? { name, description: '', constraints: [], meta: {}, tests: [] }),
      ...(typeof c.description === 'string' ? { description: c.description } : {}),
      ...(c.data_type !== undefined ? { data_type: String(c.data_type) } : {}),
    };
  }
  return out;
}

/**
 * Turns the files of versioned models (m_v1.sql, m_v2.sql or defined_in) into
 * versions of one model m: unique id model.<pkg>.m.v1, relation m_v1, the
 * model's YAML entry with the version's config and columns. Returns each
 * version node's properties; the model's own entry leaves `patches`.
 */
export function applyVersions(
  nodes: ProjectNode[],
  patches: Map<string, NodePatch>,
  errors: TsmodelError[],
  /** Told each node whose unique id changed (model.p.m_v1 → model.p.m.v1). */
  renamed: (from: string, to: string) => void = () => {},
): Map<string, NodePatch> {
  const out = new Map<string, NodePatch>();
  const models = new Map(nodes.filter((n) => n.resourceType === 'model').map((n) => [n.name, n]));
  for (const [key, patch] of patches) {
    if (patch.kind !== 'models' || !patch.versions || patch.versions.length === 0) continue;
    patches.delete(key);
    const latest = patch.latestVersion ?? highest(patch.versions);
    for (const v of patch.versions) {
      const file = v.definedIn ?? `${patch.name}_v${v.v}`;
      const node = models.get(file);
      if (!node) {
        errors.push(
          new TsmodelError('config', `version ${v.v} of model '${patch.name}' has no SQL file named ${file}.sql`, {
            location: v.location,
            hint: `Create models/…/${file}.sql, or point defined_in: at the file that defines it.`,
          }),
        );
        continue;
      }
      const suffix = String(v.v).replace(/\./g, '_');
      node.name = patch.name;
      node.version = v.v;
      node.latestVersion = latest;
      const from = node.uniqueId;
      node.uniqueId = `model.${node.packageName}.${patch.name}.v${suffix}`;
      renamed(from, node.uniqueId);
      node.fqn = [...node.fqn.slice(0, -1), patch.name, `v${suffix}`];
      const config: Record<string, unknown> = { ...patch.config, ...v.config };
      if (config.alias === undefined) config.alias = `${patch.name}_v${suffix}`;
      if (v.deprecationDate !== undefined) config.deprecation_date = v.deprecationDate;
      const columns = versionColumns(patch, v);
      out.set(node.uniqueId, {
        ...patch,
        description: v.description ?? patch.description,
        config,
        columns,
        // The model's tests on the columns this version keeps, then the version's own.
        testEntries: [
          ...patch.testEntries.filter(
            (t) =>
              t.column === undefined ||
              (Object.hasOwn(columns, t.column) &&
                !v.columns.some((c) => c.name === t.column && (c.data_tests ?? c.tests))),
          ),
          ...v.testEntries,
        ],
        location: v.location,
      });
    }
  }
  return out;
}

/** ref() to a version past its deprecation_date: a warning at the ref, as dbt gives. */
export function deprecationWarnings(nodes: readonly ProjectNode[], now = new Date()): Warning[] {
  const byId = new Map(nodes.map((n) => [n.uniqueId, n]));
  const out: Warning[] = [];
  for (const n of nodes) {
    if (n.resourceType === 'test') continue; // a version's own tests
    for (const id of n.dependsOn.nodes) {
      const p = byId.get(id);
      const date = p?.config.deprecation_date;
      if (!p || p.version === undefined || typeof date !== 'string' || new Date(date) > now) continue;
      const r = n.refs.find((x) => x.name === p.name);
      out.push({
        message: `${n.resourceType} '${n.name}' uses version ${p.version} of '${p.name}', deprecated since ${date}${p.latestVersion !== undefined && String(p.latestVersion) !== String(p.version) ? `; the latest is ${p.latestVersion}` : ''}`,
        location: r?.location ?? n.location,
      });
    }
  }
  return out;
}

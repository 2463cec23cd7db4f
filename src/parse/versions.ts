import type { Warning } from '../config/types.js';
import { TsmodelError } from '../errors/index.js';
import type { NodePatch } from './schema-yaml.js';
import type { ColumnInfo, ProjectNode } from './types.js';
import type { VersionDef } from './versions-yaml.js';

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
        message:
          `${n.resourceType} '${n.name}' uses version ${p.version} of '${p.name}', deprecated since ${date}` +
          (p.latestVersion !== undefined && String(p.latestVersion) !== String(p.version)
            ? `; the latest is ${p.latestVersion}`
            : ''),
        location: r?.location ?? n.location,
      });
    }
  }
  return out;
}

import { TsmodelError, nearestName } from '../errors/index.js';
import type { ProjectNode } from './types.js';

const REFABLE = new Set(['model', 'seed', 'snapshot']);

/**
 * dbt's search for an unqualified ref() or source() from a node: the root
 * project first, then the node's own package, then any package.
 */
function lookup(
  table: ReadonlyMap<string, ProjectNode[]>,
  key: string,
  pkg: string | undefined,
  from: ProjectNode,
  rootName: string | undefined,
): ProjectNode | undefined {
  const found = table.get(key) ?? [];
  if (pkg !== undefined) return found.find((n) => n.packageName === pkg);
  return (
    found.find((n) => n.packageName === (rootName ?? from.packageName)) ??
    found.find((n) => n.packageName === from.packageName) ??
    found[0]
  );
}

function push(table: Map<string, ProjectNode[]>, key: string, n: ProjectNode): void {
  const list = table.get(key);
  if (list) list.push(n);
  else table.set(key, [n]);
}

/**
 * Checks names are unique (within a package) and turns every ref()/source()
 * call into a dependency on a unique id. Returns the problems found; fills dependsOn.
 */
export function resolveDependencies(
  nodes: ProjectNode[],
  disabled: readonly ProjectNode[],
  rootName?: string,
): TsmodelError[] {
  const errors: TsmodelError[] = [];
  const byName = new Map<string, ProjectNode[]>();
  const versioned = new Map<string, ProjectNode>();
  const byId = new Map<string, ProjectNode>();
  for (const n of nodes) {
    const prevId = byId.get(n.uniqueId);
    if (prevId) {
      errors.push(duplicate(n, prevId));
      continue;
    }
    byId.set(n.uniqueId, n);
    if (!REFABLE.has(n.resourceType)) continue;
    // A versioned model's versions share its name: m.v1, m.v2, and m for the latest.
    const key = n.version === undefined ? n.name : `${n.name}.v${n.version}`;
    const same = (o: ProjectNode) => o.packageName === n.packageName;
    const prev =
      byName.get(key)?.find(same) ??
      (n.version === undefined ? versioned.get(`${n.packageName}.${n.name}`) : byName.get(n.name)?.find(same));
    if (prev) errors.push(duplicate(n, prev));
    else push(byName, key, n);
    const vkey = `${n.packageName}.${n.name}`;
    if (n.version !== undefined && (!versioned.has(vkey) || String(n.version) === String(n.latestVersion)))
      versioned.set(vkey, n);
  }
  for (const latest of versioned.values())
    if (!byName.get(latest.name)?.some((o) => o.packageName === latest.packageName)) push(byName, latest.name, latest);
  const disabledNames = new Map<string, ProjectNode[]>();
  for (const n of disabled) if (REFABLE.has(n.resourceType)) push(disabledNames, n.name, n);
  const sources = new Map<string, ProjectNode[]>();
  for (const n of nodes) if (n.resourceType === 'source') push(sources, `${n.sourceName}.${n.name}`, n);

  for (const n of nodes) {
    const deps = new Set<string>();
    for (const r of n.refs) {
      const key = r.version === undefined ? r.name : `${r.name}.v${r.version}`;
      const target = lookup(byName, key, r.package, n, rootName);
      if (target) {
        deps.add(target.uniqueId);
        continue;
      }
      const off = lookup(disabledNames, r.name, r.package, n, rootName);
      if (off) {
        errors.push(
          new TsmodelError(
            'graph-missing-ref',
            `${n.resourceType} '${n.name}' depends on '${r.name}', which is disabled`,
            {
              location: r.location,
              hint: `Enable '${r.name}' (${off.originalFilePath}) or disable '${n.name}' too.`,
            },
          ),
        );
        continue;
      }
      const suggestion = nearestName(r.name, byName.keys());
      errors.push(
        new TsmodelError(
          'graph-missing-ref',
          `${n.resourceType} '${n.name}' refers to '${r.package ? `${r.package}.` : ''}${r.name}'` +
            `${r.version === undefined ? '' : ` version ${r.version}`}, which was not found`,
          {
            location: r.location,
            hint: suggestion
              ? `Did you mean ref('${suggestion}')?`
              : 'Check the name: ref() takes the file name of a model, seed or snapshot, without .sql.',
          },
        ),
      );
    }
    for (const s of n.sources) {
      const target = lookup(sources, `${s.source}.${s.table}`, undefined, n, rootName);
      if (target) {
        deps.add(target.uniqueId);
        continue;
      }
      const suggestion = nearestName(`${s.source}.${s.table}`, sources.keys());
      errors.push(
        new TsmodelError(
          'graph-missing-ref',
          `${n.resourceType} '${n.name}' uses source('${s.source}', '${s.table}'), which is not declared`,
          {
            location: s.location,
            hint: suggestion
              ? `Did you mean source('${suggestion.split('.')[0]}', '${suggestion.split('.').slice(1).join('.')}')?`
              : `Declare it in a YAML file: sources: [{name: ${s.source}, tables: [{name: ${s.table}}]}].`,
          },
        ),
      );
    }
    n.dependsOn = { ...n.dependsOn, nodes: [...new Set([...n.dependsOn.nodes, ...deps])] };
  }
  return errors;
}

function duplicate(n: ProjectNode, prev: ProjectNode): TsmodelError {
  return new TsmodelError(
    'graph-duplicate',
    `Two nodes are named '${n.name}': ${prev.originalFilePath} and ${n.originalFilePath}`,
    {
      location: { file: n.originalFilePath },
      hint: 'Names of models, seeds and snapshots must be unique across the project: rename one file (or set an alias).',
    },
  );
}

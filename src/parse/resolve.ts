import { TsmodelError, nearestName } from '../errors/index.js';
import type { ProjectNode } from './types.js';

const REFABLE = new Set(['model', 'seed', 'snapshot']);

/**
 * Checks names are unique and turns every ref()/source() call into a
 * dependency on a unique id. Returns the problems found; fills dependsOn.
 */
export function resolveDependencies(nodes: ProjectNode[], disabled: readonly ProjectNode[]): TsmodelError[] {
  const errors: TsmodelError[] = [];
  const byName = new Map<string, ProjectNode>();
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
    const prev = byName.get(key) ?? (n.version === undefined ? versioned.get(n.name) : byName.get(n.name));
    if (prev) errors.push(duplicate(n, prev));
    else byName.set(key, n);
    if (n.version !== undefined && (!versioned.has(n.name) || String(n.version) === String(n.latestVersion)))
      versioned.set(n.name, n);
  }
  for (const [name, latest] of versioned) if (!byName.has(name)) byName.set(name, latest);
  const disabledNames = new Map(disabled.filter((n) => REFABLE.has(n.resourceType)).map((n) => [n.name, n]));
  const sources = new Map<string, ProjectNode>();
  for (const n of nodes) if (n.resourceType === 'source') sources.set(`${n.sourceName}.${n.name}`, n);

  for (const n of nodes) {
    const deps = new Set<string>();
    for (const r of n.refs) {
      const target = byName.get(r.version === undefined ? r.name : `${r.name}.v${r.version}`);
      if (target && (r.package === undefined || r.package === target.packageName)) {
        deps.add(target.uniqueId);
        continue;
      }
      const off = disabledNames.get(r.name);
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
          `${n.resourceType} '${n.name}' refers to '${r.name}'${r.version === undefined ? '' : ` version ${r.version}`}, which was not found`,
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
      const target = sources.get(`${s.source}.${s.table}`);
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

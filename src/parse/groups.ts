import { TsmodelError, nearestName, type SourceLocation } from '../errors/index.js';
import type { YamlPath } from '../config/yaml.js';
import type { ProjectNode } from './types.js';

/** A `groups:` entry: a named set of models with an owner (dbt's groups). */
export interface GroupDef {
  name: string;
  owner: { name?: string; email?: string };
  description: string;
  file: string;
  location: SourceLocation;
}

export const ACCESS_LEVELS = ['private', 'protected', 'public'] as const;

type Locate = (path: YamlPath) => SourceLocation;
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const optStr = (v: unknown) => (v === undefined || v === null ? undefined : String(v));

/** Reads `groups:` of one properties file; an entry with a problem is left out, the problem added to `errors`. */
export function parseGroups(list: unknown, file: string, locate: Locate, errors: TsmodelError[]): GroupDef[] {
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) {
    errors.push(new TsmodelError('config', 'groups: must be a list', { location: locate(['groups']) }));
    return [];
  }
  const out: GroupDef[] = [];
  list.forEach((g, i) => {
    const path: YamlPath = ['groups', i];
    if (!isObj(g) || typeof g.name !== 'string' || !/^\w+$/.test(g.name)) {
      errors.push(
        new TsmodelError('config', 'each group needs a name made of letters, digits and underscores', {
          location: locate(path),
          hint: 'write "- name: finance" with an owner: {name: …, email: …}',
        }),
      );
      return;
    }
    const owner = isObj(g.owner) ? { name: optStr(g.owner.name), email: optStr(g.owner.email) } : undefined;
    if (!owner || (owner.name === undefined && owner.email === undefined)) {
      errors.push(
        new TsmodelError('config', `group '${g.name}' needs an owner with a name or an email`, {
          location: g.owner === undefined ? locate(path) : locate([...path, 'owner']),
          hint: 'add owner: {name: Finance team, email: finance@example.com}',
        }),
      );
      return;
    }
    out.push({ name: g.name, owner, description: optStr(g.description) ?? '', file, location: locate(path) });
  });
  return out;
}

/** A node's access: its `access` config, else dbt's default, protected. */
export function accessOf(node: ProjectNode): string {
  return typeof node.config.access === 'string' ? node.config.access : 'protected';
}

function groupOf(node: ProjectNode): string | undefined {
  return typeof node.config.group === 'string' ? node.config.group : undefined;
}

/**
 * dbt's groups and access rules, on nodes whose refs are resolved: a model's
 * group must be declared and its access one of private/protected/public; a
 * private model may be referenced only from its own group. A protected one
 * may be referenced from its own project or from a project that installs it
 * as a package (dbt's rule): so the root project may ref() any package's
 * protected models, and only a package's ref() of the root project's
 * protected model breaks it. Data tests are exempt (they test the model).
 */
export function checkAccess(
  nodes: readonly ProjectNode[],
  groups: readonly GroupDef[],
  /** Where a node's config key is set (its YAML line when the properties file sets it). */
  locate: (node: ProjectNode, key: 'group' | 'access') => SourceLocation,
  /** The root project's name (it installs every package). */
  rootName?: string,
): TsmodelError[] {
  const errors: TsmodelError[] = [];
  const byName = new Map<string, GroupDef>();
  for (const g of groups) {
    const prev = byName.get(g.name);
    if (prev)
      errors.push(
        new TsmodelError('config', `group '${g.name}' is declared twice: in ${prev.file} and in ${g.file}`, {
          location: g.location,
          hint: 'Keep one declaration per group.',
        }),
      );
    else byName.set(g.name, g);
  }
  const byId = new Map(nodes.map((n) => [n.uniqueId, n]));
  for (const n of nodes) {
    if (n.resourceType !== 'model' && n.resourceType !== 'snapshot' && n.resourceType !== 'seed') continue;
    const group = groupOf(n);
    if (n.config.group !== undefined && (group === undefined || !byName.has(group))) {
      const near = group && nearestName(group, byName.keys());
      errors.push(
        new TsmodelError(
          'config',
          `${n.resourceType} '${n.name}' is in group '${String(n.config.group)}', which is not declared`,
          {
            location: locate(n, 'group'),
            hint: near
              ? `Did you mean group: ${near}?`
              : `Declare it in a YAML file: groups: [{name: ${String(n.config.group)}, owner: {name: …}}].`,
          },
        ),
      );
    }
    if (n.config.access !== undefined && !(ACCESS_LEVELS as readonly unknown[]).includes(n.config.access))
      errors.push(
        new TsmodelError('config', `access of ${n.resourceType} '${n.name}' is '${String(n.config.access)}'`, {
          location: locate(n, 'access'),
          hint: `Write access: private, protected or public.`,
        }),
      );
  }
  for (const n of nodes) {
    if (n.resourceType === 'test') continue;
    for (const r of n.refs) {
      const p = [...n.dependsOn.nodes]
        .map((id) => byId.get(id))
        .find((d) => d?.name === r.name && d.resourceType === 'model');
      if (!p || p === n) continue;
      const access = accessOf(p);
      if (access === 'private' && groupOf(n) !== groupOf(p)) {
        const pg = groupOf(p);
        errors.push(
          new TsmodelError(
            'graph-access',
            `${n.resourceType} '${n.name}' refers to '${p.name}', which is private to group '` +
              `${pg ?? '(none)'}'${groupOf(n) ? ` ('${n.name}' is in group '${groupOf(n)}')` : ''}`,
            {
              location: r.location,
              hint:
                `Put '${n.name}' in group '${pg}' (config group: ${pg}), or give '${p.name}' access: ` +
                `protected or public (${p.patchPath ?? p.originalFilePath}).`,
            },
          ),
        );
      } else if (access === 'protected' && n.packageName !== p.packageName && p.packageName === rootName) {
        errors.push(
          new TsmodelError(
            'graph-access',
            `${n.resourceType} '${n.name}' (package ${n.packageName}) refers to '${p.name}', which is ` +
              `protected in package ${p.packageName}`,
            {
              location: r.location,
              hint: `Only ${p.packageName}'s own nodes may ref() it: give '${p.name}' access: public to share it.`,
            },
          ),
        );
      }
    }
  }
  return errors;
}

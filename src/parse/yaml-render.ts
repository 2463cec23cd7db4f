import { mergeConfigs, normalizeConfigKey } from '../config/index.js';
import { renderNative, rendererHooks } from '../config/render.js';
import type { ProjectConfig } from '../config/types.js';
import { TsmodelError, type SourceLocation } from '../errors/index.js';
import { emptyParseRecord, parseContext, type TemplateContext } from '../template/index.js';
import { contextInputs, type ParseEnv } from './sql-node.js';
import { finalizeConfig } from './node-config.js';
import type { PropertyLocations, SourceDef, SourceTableDef } from './schema-yaml.js';
import type { ColumnInfo, ProjectNode } from './types.js';

/** Renders Jinja written in YAML properties, where dbt renders it, for one node. */
export interface YamlValueRenderer {
  /**
   * Renders every string inside `value` (lists and mappings recursively) the
   * way dbt's native rendering does: "{{ var('types') }}" becomes the list.
   * A failure is recorded as an error at `where` (the YAML line of the
   * property) naming `what`, and the value is returned as written.
   */
  render(value: unknown, where: SourceLocation, what: string): unknown;
}

/** Whether a value holds Jinja anywhere (a cheap test before rendering). */
export function holdsJinja(value: unknown): boolean {
  if (typeof value === 'string') return /\{[{%#]/.test(value);
  if (Array.isArray(value)) return value.some(holdsJinja);
  if (value && typeof value === 'object') return Object.values(value).some(holdsJinja);
  return false;
}

/** Errors already reported per error list: a folder config shared by many nodes fails once. */
const reported = new WeakMap<TsmodelError[], Set<string>>();

function report(errors: TsmodelError[], error: TsmodelError, key: string): void {
  let seen = reported.get(errors);
  if (!seen) reported.set(errors, (seen = new Set()));
  if (seen.has(key)) return;
  seen.add(key);
  errors.push(error);
}

/** A renderer for YAML values with the parse context of `node` (target, var, env_var, ref…). */
/** What the rendering context and messages need of a node. */
export type YamlNode = Pick<ProjectNode, 'uniqueId' | 'name' | 'resourceType' | 'originalFilePath'>;

export function yamlValueRenderer(penv: ParseEnv, node: YamlNode, errors: TsmodelError[]): YamlValueRenderer {
  let ctx: TemplateContext | undefined;
  const context = () => (ctx ??= parseContext(contextInputs(penv, node), emptyParseRecord()));

  const renderString = (source: string, where: SourceLocation, what: string): unknown => {
    const label = `${where.file}#yaml:${what}`;
    try {
      return renderNative(source, rendererHooks(penv.renderer, label, context()));
    } catch (err) {
      report(errors, yamlTemplateError(err, where, what, source), `${where.file}:${where.line}:${source}`);
      return source;
    }
  };

  const walk = (value: unknown, where: SourceLocation, what: string): unknown => {
    if (typeof value === 'string') return renderString(value, where, what);
    if (Array.isArray(value)) return value.map((v) => walk(v, where, what));
    if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype)
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, where, what)]));
    return value;
  };

  return { render: (value, where, what) => (holdsJinja(value) ? walk(value, where, what) : value) };
}

/** A Jinja failure inside a YAML property: reported at the property's line, with what the template said. */
function yamlTemplateError(err: unknown, where: SourceLocation, what: string, source: string): TsmodelError {
  const message = err instanceof Error ? err.message : String(err);
  const hint = err instanceof TsmodelError ? err.hint : undefined;
  return new TsmodelError('template', `${what}: ${message}`, {
    location: where,
    hint: hint ?? `Fix the Jinja of this YAML value: ${JSON.stringify(source)}.`,
    cause: err,
  });
}

/** Config values rendered at run time, not at parse time (as in dbt). */
const RUNTIME_CONFIGS = new Set(['pre_hook', 'post_hook', 'sql_header']);

function isRuntimeConfig(key: string): boolean {
  return RUNTIME_CONFIGS.has(key.replace(/^\+/, '').replace(/-/g, '_'));
}

/**
 * Renders the Jinja of a config mapping written in YAML (project file folder
 * configs, `config:` of a properties entry, a test's config), e.g.
 * `+schema: "{{ env_var('SCHEMA', 'x') }}"` or `+enabled: "{{ var('with_x') }}"`
 * (a boolean stays a boolean); hooks are left for run time.
 */
export function renderConfig(
  r: YamlValueRenderer,
  node: YamlNode,
  config: Record<string, unknown>,
  locate: (key: string) => SourceLocation,
): Record<string, unknown> {
  if (!holdsJinja(config)) return config;
  return Object.fromEntries(
    Object.entries(config).map(([k, v]) => [
      k,
      isRuntimeConfig(k) ? v : r.render(v, locate(k), `config '${k}' of ${node.resourceType} '${node.name}'`),
    ]),
  );
}

/** A text property (schema, identifier, data_type): rendered, then printed as text. */
export function renderText(
  r: YamlValueRenderer,
  value: string | undefined,
  where: SourceLocation,
  what: string,
): string | undefined {
  if (value === undefined || !holdsJinja(value)) return value;
  const v = r.render(value, where, what);
  return typeof v === 'string' ? v : String(v);
}

/**
 * A source table's configs, and its relation's database, schema and
 * identifier, with their Jinja rendered (the node's config is set here).
 */
export function renderSource(yaml: YamlValueRenderer, node: ProjectNode, src: SourceDef, t: SourceTableDef) {
  const at = (locations: PropertyLocations, fallback: SourceLocation) => (k: string) =>
    locations[`config.${k}`] ?? fallback;
  const table = renderConfig(yaml, node, t.config, at(t.locations, t.location));
  const rendered = mergeConfigs(renderConfig(yaml, node, src.config, at(src.locations, src.location)), table);
  // The table's way of finding its load time replaces the source's other way.
  if (table.loaded_at_query != null && table.loaded_at_field === undefined) delete rendered.loaded_at_field;
  if (table.loaded_at_field != null && table.loaded_at_query === undefined) delete rendered.loaded_at_query;
  node.config = finalizeConfig('source', rendered);
  const where = (locations: PropertyLocations, key: string, fallback: SourceLocation) => locations[key] ?? fallback;
  node.relation = {
    schema:
      renderText(yaml, src.schema, where(src.locations, 'schema', src.location), `schema of source '${src.name}'`) ??
      src.name,
    identifier:
      renderText(
        yaml,
        t.identifier,
        where(t.locations, 'identifier', t.location),
        `identifier of source table '${t.name}'`,
      ) ?? t.name,
    database: renderText(
      yaml,
      src.database,
      where(src.locations, 'database', src.location),
      `database of source '${src.name}'`,
    ),
  };
  node.columns = renderColumnTypes(yaml, t.columns, t.locations, t.location);
  return node.config;
}

/** Columns with the Jinja of their data_type rendered (contracts compare it with the database's types). */
export function renderColumnTypes(
  yaml: YamlValueRenderer,
  columns: Record<string, ColumnInfo>,
  locations: PropertyLocations,
  fallback: SourceLocation,
): Record<string, ColumnInfo> {
  const out: Record<string, ColumnInfo> = {};
  for (const [name, col] of Object.entries(columns)) {
    const key = `columns.${name}.data_type`;
    const dataType = renderText(yaml, col.data_type, locations[key] ?? fallback, `data_type of column '${name}'`);
    out[name] = dataType === col.data_type ? col : { ...col, data_type: dataType };
  }
  return out;
}

/**
 * Where a folder config of the project file is written for a node: the
 * deepest level along the node's fqn that sets `key` (the level that wins),
 * else the resource tree's own key.
 */
export function folderConfigLocation(
  config: ProjectConfig,
  treeKeys: readonly string[],
  fqn: readonly string[],
  key: string,
): SourceLocation {
  for (const top of treeKeys) {
    if (!config.locations[top]) continue;
    let found: SourceLocation | undefined;
    let level: unknown = config[TREE_FIELDS[top] ?? 'models'];
    const path = [top];
    for (let i = 0; i <= fqn.length && level && typeof level === 'object'; i++) {
      for (const k of Object.keys(level)) {
        if (normalizeConfigKey(k) === key) found = config.locations[[...path, k].join('/')] ?? found;
      }
      if (i === fqn.length) break;
      path.push(fqn[i]!);
      level = (level as Record<string, unknown>)[fqn[i]!];
    }
    return found ?? config.locations[top]!;
  }
  return { file: config.configFile };
}

/** The ProjectConfig field holding each resource tree, by the key written in the file. */
const TREE_FIELDS: Record<string, 'models' | 'seeds' | 'snapshots' | 'tests' | 'sources' | 'analyses'> = {
  models: 'models',
  seeds: 'seeds',
  snapshots: 'snapshots',
  tests: 'tests',
  data_tests: 'tests',
  sources: 'sources',
  analyses: 'analyses',
};

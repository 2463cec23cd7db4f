import type { Env, ProjectConfig, Warning } from '../config/types.js';
import { mergeConfigs, resolveFolderConfig } from '../config/index.js';
import { TsmodelError, nearestName, type SourceLocation } from '../errors/index.js';
import type { ProjectFiles } from '../project/index.js';
import {
  BUILTIN_MACROS,
  Renderer,
  parseContext,
  emptyParseRecord,
  type MacroFile,
  type TargetInfo,
} from '../template/index.js';
import { BUILTIN_TEST_MACROS } from '../data-tests/index.js';
import { parseDocBlocks } from './docs.js';
import { genericTestNodes, type TestTarget } from './generic-tests.js';
import { snapshotBlocks } from './snapshot-blocks.js';
import { finalizeConfig, foreignKeyTargets } from './node-config.js';
import { resolveDependencies } from './resolve.js';
import { parseSchemaYaml, type NodePatch, type SourceDef } from './schema-yaml.js';
import { contextInputs, fileStem, fqnOf, parseSqlFile, templateErrorFor, type ParseEnv } from './sql-node.js';
import type { DocBlock, ProjectNode, ResourceType } from './types.js';
import type { ParseCache } from './parse-cache.js';
import { fixtureFiles, unitTestNodes, type UnitTestEntry } from '../unit-tests/index.js';

export interface ParseInputs {
  config: ProjectConfig;
  files: ProjectFiles;
  target: TargetInfo;
  /** Project vars with --vars applied on top. */
  vars: Readonly<Record<string, unknown>>;
  env: Env;
  invocationId: string;
  runStartedAt: string;
  fullRefresh?: boolean;
  log?: (message: string, info: boolean) => void;
  /** Opt-in (watch mode): reuse what an earlier parse of the same project rendered for unchanged files. */
  cache?: ParseCache;
}

export interface ParsedProject {
  projectName: string;
  /** Enabled nodes, dependencies resolved to unique ids. */
  nodes: ProjectNode[];
  disabled: ProjectNode[];
  docs: ReadonlyMap<string, DocBlock>;
  renderer: Renderer;
  parseEnv: ParseEnv;
  errors: TsmodelError[];
  warnings: Warning[];
}

const FOLDER_TREE: Record<string, keyof ProjectConfig> = {
  model: 'models',
  seed: 'seeds',
  snapshot: 'snapshots',
  test: 'tests',
  analysis: 'analyses',
  source: 'sources',
};

function folderConfig(config: ProjectConfig, type: ResourceType, fqn: string[]): Record<string, unknown> {
  const tree = config[FOLDER_TREE[type] ?? 'models'] as Record<string, unknown>;
  return resolveFolderConfig(tree ?? {}, fqn);
}

/** Parses a whole project: files in, nodes out, every problem collected. No I/O. */
export function parseProject(inputs: ParseInputs): ParsedProject {
  const { config, files } = inputs;
  const errors: TsmodelError[] = [];
  const warnings: Warning[] = [];
  const macroFiles: MacroFile[] = [
    ...BUILTIN_MACROS,
    ...BUILTIN_TEST_MACROS,
    ...files.macros.map((f) => ({ path: f.path, source: f.contents, builtin: false })),
    ...files.tests
      .filter((f) => f.relPath.startsWith('generic/'))
      .map((f) => ({ path: f.path, source: f.contents, builtin: false })),
  ];
  const cache = inputs.cache;
  const renderer = cache ? cache.renderer(macroFiles) : new Renderer(macroFiles);
  errors.push(...renderer.errors);
  const penv: ParseEnv = {
    renderer,
    projectName: config.name,
    target: inputs.target,
    vars: inputs.vars,
    env: inputs.env,
    invocationId: inputs.invocationId,
    runStartedAt: inputs.runStartedAt,
    fullRefresh: inputs.fullRefresh ?? false,
    log: inputs.log,
  };

  const docs = new Map<string, DocBlock>();
  for (const f of files.docs) for (const d of parseDocBlocks(f.contents, f.path)) docs.set(d.name, d);

  const patches = new Map<string, NodePatch>();
  const sources: SourceDef[] = [];
  const unitTests: UnitTestEntry[] = [];
  for (const f of files.yaml) {
    const parsed = cache
      ? cache.yaml(f, errors, warnings, (e, w) => parseSchemaYaml(f.contents, f.path, e, w))
      : parseSchemaYaml(f.contents, f.path, errors, warnings);
    for (const p of parsed.patches) {
      const key = `${p.kind}:${p.name}`;
      const prev = patches.get(key);
      if (prev) {
        errors.push(
          new TsmodelError('config', `'${p.name}' is described twice: in ${prev.file} and in ${p.file}`, {
            location: p.location,
            hint: 'Keep one entry per node across the YAML files.',
          }),
        );
      } else patches.set(key, p);
    }
    sources.push(...parsed.sources);
    unitTests.push(...(parsed.unitTests ?? []));
  }

  const all: ProjectNode[] = [];
  const sqlKinds: [ResourceType, typeof files.models, (relPath: string) => boolean][] = [
    ['model', files.models, () => true],
    ['analysis', files.analyses, () => true],
    ['test', files.tests, (rel) => !rel.startsWith('generic/') && !rel.startsWith('fixtures/')],
  ];
  const inFileConfig = new Map<string, Record<string, unknown>[]>();
  for (const [type, list, keep] of sqlKinds) {
    for (const f of list) {
      if (!keep(f.relPath)) continue;
      try {
        const { node, record } = cache
          ? cache.sqlFile(type, f, () => parseSqlFile(penv, f, type))
          : parseSqlFile(penv, f, type);
        inFileConfig.set(node.uniqueId, record.config);
        all.push(node);
      } catch (err) {
        errors.push(templateErrorFor(err, f.path));
      }
    }
  }
  for (const f of files.snapshots) {
    for (const block of snapshotBlocks(f)) {
      try {
        const file = { ...f, contents: block.body, relPath: f.relPath.replace(/[^/]+$/, `${block.name}.sql`) };
        const { node, record } = cache
          ? cache.sqlFile('snapshot', file, () => parseSqlFile(penv, file, 'snapshot'))
          : parseSqlFile(penv, file, 'snapshot');
        node.originalFilePath = f.path;
        node.path = f.relPath;
        node.location = { file: f.path, line: block.line };
        inFileConfig.set(node.uniqueId, record.config);
        all.push(node);
      } catch (err) {
        errors.push(templateErrorFor(err, f.path));
      }
    }
  }
  for (const s of files.seeds) {
    const name = fileStem(s.relPath);
    all.push({
      uniqueId: `seed.${config.name}.${name}`,
      resourceType: 'seed',
      name,
      packageName: config.name,
      path: s.relPath,
      originalFilePath: s.path,
      fqn: fqnOf(config.name, s.relPath, name),
      rawCode: '',
      checksum: s.checksum,
      config: finalizeConfig('seed', {}),
      refs: [],
      sources: [],
      dependsOn: { nodes: [], macros: [] },
      description: '',
      columns: {},
      location: { file: s.path },
    });
  }
  for (const src of sources) all.push(...sourceNodes(config.name, src));

  const testTargets: TestTarget[] = [];
  const sourceTests = new Map<string, TestTarget['entries']>(
    sources.flatMap((src) =>
      src.tables.map((t) => [`source.${config.name}.${src.name}.${t.name}`, t.testEntries] as const),
    ),
  );
  const patchKind: Partial<Record<ResourceType, NodePatch['kind']>> = {
    model: 'models',
    seed: 'seeds',
    snapshot: 'snapshots',
    analysis: 'analyses',
  };
  for (const node of all) {
    const kind = patchKind[node.resourceType];
    const patch = kind ? patches.get(`${kind}:${node.name}`) : undefined;
    let raw = folderConfig(config, node.resourceType, node.fqn);
    if (node.resourceType === 'source') raw = mergeConfigs(raw, node.config);
    if (node.resourceType === 'source' && sourceTests.get(node.uniqueId)?.length)
      testTargets.push({ node, entries: sourceTests.get(node.uniqueId)! });
    if (patch) {
      raw = mergeConfigs(raw, patch.config);
      node.description = patch.description;
      node.columns = patch.columns;
      node.patchPath = patch.file;
      if (patch.constraints.length > 0) raw = mergeConfigs(raw, { constraints: patch.constraints });
      if (kind) patches.delete(`${kind}:${node.name}`);
      if (patch.testEntries.length > 0) testTargets.push({ node, entries: patch.testEntries });
    }
    raw = renderConfigValues(penv, node, raw, errors);
    for (const c of inFileConfig.get(node.uniqueId) ?? []) raw = mergeConfigs(raw, c);
    if (node.resourceType === 'snapshot' && raw.meta_columns === undefined && config.configFile === 'dbt_project.yml')
      raw = { ...raw, meta_columns: 'dbt' };
    node.config = finalizeConfig(node.resourceType, raw);
    const described = patch?.location ?? node.location;
    node.description = renderDescription(penv, node, node.description, docs, errors, described);
    for (const col of Object.values(node.columns))
      col.description = renderDescription(penv, node, col.description, docs, errors, described);
    if (node.resourceType !== 'source' && node.resourceType !== 'test' && node.resourceType !== 'analysis') {
      try {
        node.relation = cache ? cache.relation(node, () => relationFor(penv, node)) : relationFor(penv, node);
      } catch (err) {
        errors.push(templateErrorFor(err, node.originalFilePath));
      }
    }
  }
  for (const p of patches.values()) {
    warnings.push({
      message: `${p.file} describes ${p.kind.slice(0, -1)} '${p.name}', which does not exist`,
      location: p.location,
    });
  }

  const yamlRel = new Map(files.yaml.map((f) => [f.path, f.relPath]));
  const testOptions = {
    folderConfig: (fqn: string[]) => folderConfig(config, 'test', fqn),
    yamlRelPath: (p: string) => yamlRel.get(p) ?? p,
  };
  const generic = cache
    ? cache.genericTests(testTargets, (targets) => genericTestNodes(penv, targets, testOptions))
    : genericTestNodes(penv, testTargets, testOptions);
  errors.push(...generic.errors);
  all.push(...generic.nodes);

  for (const node of all) recordForeignKeyRefs(penv, node, errors);
  const enabled = all.filter((n) => n.config.enabled);
  const disabled = all.filter((n) => !n.config.enabled);
  errors.push(...resolveDependencies(enabled, disabled));
  const units = unitTestNodes({
    projectName: config.name,
    entries: unitTests,
    nodes: enabled,
    disabled,
    fixtures: fixtureFiles(files.fixtures ?? []),
    yamlRelPath: testOptions.yamlRelPath,
    folderConfig: testOptions.folderConfig,
  });
  errors.push(...units.errors);
  warnings.push(...units.warnings);
  for (const u of units.nodes) (u.config.enabled ? enabled : disabled).push(u);
  cache?.sweep();
  return { projectName: config.name, nodes: enabled, disabled, docs, renderer, parseEnv: penv, errors, warnings };
}

/** A foreign key's `to: ref('customers')` makes the node depend on customers. */
function recordForeignKeyRefs(penv: ParseEnv, node: ProjectNode, errors: TsmodelError[]): void {
  const file = node.patchPath ?? node.originalFilePath;
  for (const to of foreignKeyTargets(node)) {
    const record = emptyParseRecord();
    try {
      penv.renderer.render(`${file}#constraint`, `{{ ${to} }}`, parseContext(contextInputs(penv, node), record));
    } catch (err) {
      errors.push(templateErrorFor(err, file));
    }
    for (const r of record.refs) node.refs.push({ ...r, location: { file } });
  }
}

function sourceNodes(project: string, src: SourceDef): ProjectNode[] {
  return src.tables.map((t) => ({
    uniqueId: `source.${project}.${src.name}.${t.name}`,
    resourceType: 'source' as const,
    name: t.name,
    packageName: project,
    path: src.file,
    originalFilePath: src.file,
    fqn: [project, src.name, t.name],
    rawCode: '',
    checksum: '',
    config: finalizeConfig('source', { ...src.config, ...t.config }),
    refs: [],
    sources: [],
    dependsOn: { nodes: [], macros: [] },
    description: t.description || src.description,
    columns: t.columns,
    sourceName: src.name,
    relation: { schema: src.schema ?? src.name, identifier: t.identifier ?? t.name, database: src.database },
    location: t.location,
  }));
}

/** Config values rendered at run time, not at parse time (as in dbt). */
const RUNTIME_CONFIGS = new Set(['pre_hook', 'post_hook', 'sql_header']);

/**
 * dbt renders Jinja in configs written in YAML (project file folder configs,
 * schema.yml `config:`), e.g. `+schema: "{{ env_var('SCHEMA', 'x') }}"` or
 * `+enabled: "{{ var('with_x', true) }}"`; hooks are left for run time.
 */
function renderConfigValues(
  penv: ParseEnv,
  node: ProjectNode,
  raw: Record<string, unknown>,
  errors: TsmodelError[],
): Record<string, unknown> {
  const text = JSON.stringify(raw) ?? '';
  if (!text.includes('{{') && !text.includes('{%')) return raw;
  const ctx = parseContext(contextInputs(penv, node), emptyParseRecord());
  const file = node.patchPath ?? node.originalFilePath;
  const walk = (value: unknown, key: string): unknown => {
    if (typeof value === 'string') {
      if (!value.includes('{{') && !value.includes('{%')) return value;
      try {
        return penv.renderer.render(`${file}#config:${key}`, value, ctx);
      } catch (err) {
        const e = templateErrorFor(err, file);
        errors.push(
          new TsmodelError(e.code, `config '${key}' of ${node.resourceType} '${node.name}': ${e.message}`, {
            location: { file },
            hint: e.hint,
          }),
        );
        return value;
      }
    }
    if (Array.isArray(value)) return value.map((v) => walk(v, key));
    if (value && typeof value === 'object')
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, key)]));
    return value;
  };
  return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, RUNTIME_CONFIGS.has(k) ? v : walk(v, k)]));
}

/** Renders a description (doc() blocks and all); a problem is reported at `where`, the YAML entry that holds it. */
function renderDescription(
  penv: ParseEnv,
  node: ProjectNode,
  text: string,
  docs: Map<string, DocBlock>,
  errors: TsmodelError[],
  where: SourceLocation,
): string {
  if (!text.includes('{{')) return text;
  const file = where.file;
  const ctx = {
    ...parseContext(contextInputs(penv, node), emptyParseRecord()),
    doc: (name: unknown) => {
      const d = docs.get(String(name));
      if (!d) {
        const near = nearestName(String(name), docs.keys());
        return penv.renderer.raise(
          new TsmodelError('template', `doc('${String(name)}') refers to no {% docs %} block`, {
            hint: near ? `Did you mean doc('${near}')?` : 'Define it in a .md file under model-paths or docs-paths.',
          }),
        );
      }
      return d.contents;
    },
  };
  try {
    return penv.renderer.render(`${file}#description:${node.name}`, text, ctx);
  } catch (err) {
    const e = templateErrorFor(err, file);
    errors.push(new TsmodelError(e.code, e.message, { location: where, hint: e.hint }));
    return text;
  }
}

function relationFor(penv: ParseEnv, node: ProjectNode): { schema: string; identifier: string } {
  const ctx = parseContext(contextInputs(penv, node), emptyParseRecord());
  const nodeArg = {
    name: node.name,
    resource_type: node.resourceType,
    fqn: node.fqn,
    config: node.config,
    unique_id: node.uniqueId,
    path: node.path,
    original_file_path: node.originalFilePath,
  };
  const where = { file: node.originalFilePath };
  // dbt snapshots name their schema literally with target_schema.
  const literal = node.resourceType === 'snapshot' ? node.config.target_schema : undefined;
  const schema = literal
    ? String(literal)
    : String(penv.renderer.callMacro('generate_schema_name', [node.config.schema ?? null, nodeArg], ctx, where)).trim();
  const identifier = String(
    penv.renderer.callMacro('generate_alias_name', [node.config.alias ?? null, nodeArg], ctx, where),
  ).trim();
  return { schema, identifier };
}

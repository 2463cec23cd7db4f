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
import { BUILTIN_TEST_MACROS } from '../test-catalog/index.js';
import { parseDocBlocks } from './docs.js';
import { genericTestNodes, type TestTarget } from './generic-tests.js';
import { snapshotBlocks, snapshotFileProblem } from './snapshot-blocks.js';
import { clarifyTemplateError } from './unclosed-tag.js';
import { finalizeConfig, foreignKeyTargets } from './node-config.js';
import { resolveDependencies } from './resolve.js';
import { exposureNodes, type ExposureDef } from './exposures.js';
import { checkAccess, type GroupDef } from './groups.js';
import { applyVersions, deprecationWarnings } from './versions.js';
import { parseSchemaYaml, type NodePatch, type SourceDef, type SourceTableDef } from './schema-yaml.js';
import {
  folderConfigLocation,
  renderColumnTypes,
  renderConfig,
  renderSource,
  yamlValueRenderer,
} from './yaml-render.js';
import { withoutBinaryFiles } from './text-files.js';
import { checkRelationNames } from './relation-names.js';
import { contextInputs, fileStem, fqnOf, parseSqlFile, templateErrorFor, type ParseEnv } from './sql-node.js';
import type { DocBlock, ProjectNode, ResourceType } from './types.js';
import type { ParseCache } from './parse-cache.js';

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
  /** groups: of the properties files (dbt's), with their owners. */
  groups: GroupDef[];
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
  const { config } = inputs;
  const errors: TsmodelError[] = [];
  const files = withoutBinaryFiles(inputs.files, errors);
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
  const exposures: ExposureDef[] = [];
  const groups: GroupDef[] = [];
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
    exposures.push(...parsed.exposures);
    groups.push(...parsed.groups);
  }

  const all: ProjectNode[] = [];
  const sqlKinds: [ResourceType, typeof files.models, (relPath: string) => boolean][] = [
    ['model', files.models, () => true],
    ['analysis', files.analyses, () => true],
    ['test', files.tests, (rel) => !rel.startsWith('generic/')],
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
    const blocks = snapshotBlocks(f);
    const problem = snapshotFileProblem(f, blocks);
    if (problem?.kind === 'unclosed') {
      errors.push(
        new TsmodelError('template', problem.message, {
          location: { file: f.path, line: problem.line },
          hint: 'End the block with {% endsnapshot %} (check that no unclosed {# comment or tag swallows it).',
        }),
      );
      continue;
    }
    if (problem) warnings.push({ message: problem.message, location: { file: f.path, line: problem.line } });
    for (const block of blocks) {
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
  const sourceDefs = new Map<string, { src: SourceDef; t: SourceTableDef }>(
    sources.flatMap((src) =>
      src.tables.map((t) => [`source.${config.name}.${src.name}.${t.name}`, { src, t }] as const),
    ),
  );
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
  const patchOf = new Map<string, NodePatch>();
  const versionPatches = applyVersions(all, patches, errors, (from, to) => {
    inFileConfig.set(to, inFileConfig.get(from) ?? []);
    inFileConfig.delete(from);
  });
  for (const node of all) {
    const kind = patchKind[node.resourceType];
    const patch = versionPatches.get(node.uniqueId) ?? (kind ? patches.get(`${kind}:${node.name}`) : undefined);
    if (patch) patchOf.set(node.uniqueId, patch);
    const yaml = yamlValueRenderer(penv, node, errors);
    const trees = node.resourceType === 'test' ? ['tests', 'data_tests'] : [FOLDER_TREE[node.resourceType] ?? 'models'];
    let raw = renderConfig(yaml, node, folderConfig(config, node.resourceType, node.fqn), (k) =>
      folderConfigLocation(config, trees, node.fqn, k),
    );
    const source = sourceDefs.get(node.uniqueId);
    if (source) raw = mergeConfigs(raw, renderSource(yaml, node, source.src, source.t));
    if (node.resourceType === 'source' && sourceTests.get(node.uniqueId)?.length)
      testTargets.push({ node, entries: sourceTests.get(node.uniqueId)! });
    if (patch) {
      raw = mergeConfigs(
        raw,
        renderConfig(yaml, node, patch.config, (k) => patch.locations[`config.${k}`] ?? patch.location),
      );
      node.description = patch.description;
      node.columns = renderColumnTypes(yaml, patch.columns, patch.locations, patch.location);
      node.patchPath = patch.file;
      if (patch.constraints.length > 0) raw = mergeConfigs(raw, { constraints: patch.constraints });
      if (kind) patches.delete(`${kind}:${node.name}`);
      if (patch.testEntries.length > 0) testTargets.push({ node, entries: patch.testEntries });
    }
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
    // A test's folder configs (tests: / data_tests: of the project file), rendered as the project's.
    folderConfig: (fqn: string[], testErrors: TsmodelError[]) => {
      const name = fqn[fqn.length - 1]!;
      const test = {
        uniqueId: `test.${config.name}.${name}`,
        name,
        resourceType: 'test' as const,
        originalFilePath: config.configFile,
      };
      return renderConfig(yamlValueRenderer(penv, test, testErrors), test, folderConfig(config, 'test', fqn), (k) =>
        folderConfigLocation(config, ['tests', 'data_tests'], fqn, k),
      );
    },
    yamlRelPath: (p: string) => yamlRel.get(p) ?? p,
  };
  const generic = cache
    ? cache.genericTests(testTargets, (targets) => genericTestNodes(penv, targets, testOptions))
    : genericTestNodes(penv, testTargets, testOptions);
  errors.push(...generic.errors);
  all.push(...generic.nodes);

  for (const e of exposureNodes(penv, exposures, errors)) {
    e.description = renderDescription(penv, e, e.description, docs, errors, e.location);
    all.push(e);
  }
  for (const node of all) recordForeignKeyRefs(penv, node, errors);
  const enabled = all.filter((n) => n.config.enabled);
  const disabled = all.filter((n) => !n.config.enabled);
  errors.push(...resolveDependencies(enabled, disabled));
  warnings.push(...deprecationWarnings(enabled));
  errors.push(
    ...checkAccess(enabled, groups, (n, key) => {
      const p = patchOf.get(n.uniqueId);
      return (p && (p.locations[`config.${key}`] ?? p.locations[key] ?? p.location)) ?? n.location;
    }),
  );
  errors.push(...checkRelationNames(enabled));
  cache?.sweep();
  const texts = new Map(
    [...files.models, ...files.macros, ...files.tests, ...files.snapshots, ...files.analyses].map((f) => [
      f.path,
      f.contents,
    ]),
  );
  const clear = errors.map((e) => clarifyTemplateError(e, e.location && texts.get(e.location.file)));
  return {
    projectName: config.name,
    nodes: enabled,
    disabled,
    docs,
    groups,
    renderer,
    parseEnv: penv,
    errors: clear,
    warnings,
  };
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

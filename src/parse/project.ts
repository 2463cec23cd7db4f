import type { Env, ProjectConfig, Warning } from '../config/types.js';
import { mergeConfigs } from '../config/index.js';
import { TsmodelError, nearestName, type SourceLocation } from '../errors/index.js';
import type { ProjectFiles } from '../project/index.js';
import { emptyParseRecord, extendContext, parseContext, type Renderer, type TargetInfo } from '../template/index.js';
import { parseDocBlocks } from './docs.js';
import { genericTestNodes, type TestTarget } from './generic-tests.js';
import { snapshotBlocks } from './snapshot-blocks.js';
import { snapshotFileWithoutBlock } from './snapshot-files.js';
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
import { macroRecords, recordMacroDependencies, type MacroRecord } from './macro-deps.js';
import { FOLDER_TREE, ProjectScopes, packageMacroWarning, type PackageInput } from './packages.js';
import { macroFilesOf, parseEnvOf, renderContextKey, rendererFor, rendererOptionsOf } from './parse-setup.js';
import { inputsKey } from './state-inputs.js';
import { declarationOf } from './partial-edit.js';
import { fixtureFiles } from './unit-tests/fixtures.js';
import { unitTestNodes } from './unit-tests/nodes.js';
import type { UnitTestEntry } from './unit-tests/types.js';
import { pushAll } from '../util/arrays.js';

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
  /** Installed packages (their files are in `files`, each marked with its package). */
  packages?: readonly PackageInput[];
  /** Render every node, taking no static shortcut (tests compare the two). */
  renderAll?: boolean;
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
  /** The package of each macro file that comes from an installed package (by path). */
  macroPackages?: ReadonlyMap<string, string>;
  /** Every macro by name: its text and the macros it calls (manifest, state:modified.macros). */
  macros?: ReadonlyMap<string, MacroRecord>;
  /** What each model, analysis and singular test file declares when rendered, by path (partial-edit.ts). */
  declarations?: Readonly<Record<string, string>>;
}

/** Parses a whole project: files in, nodes out, every problem collected. No I/O. */
export function parseProject(inputs: ParseInputs): ParsedProject {
  const { config } = inputs;
  const errors: TsmodelError[] = [];
  const files = withoutBinaryFiles(inputs.files, errors);
  const warnings: Warning[] = [];
  const macroFiles = macroFilesOf(files);
  const cache = inputs.cache;
  const renderer = cache
    ? cache.renderer(macroFiles, rendererOptionsOf(inputs))
    : rendererFor({ ...inputs, files }, macroFiles);
  for (const e of renderer.errors) {
    const pkg = macroFiles.find((f) => f.path === e.location?.file)?.package;
    if (pkg) warnings.push(packageMacroWarning(e, pkg));
    else errors.push(e);
  }
  const penv = parseEnvOf(inputs, renderer);
  cache?.context(renderContextKey(inputs));
  const inputsOf = (n: ProjectNode) => inputsKey(n, penv);
  const scopes = new ProjectScopes(config, penv, inputs.packages ?? []);
  const pkgOf = (f: { package?: string }) => f.package ?? config.name;

  const docs = new Map<string, DocBlock>();
  for (const f of files.docs) for (const d of parseDocBlocks(f.contents, f.path)) docs.set(d.name, d);

  const patches = new Map<string, NodePatch>();
  const sources: { src: SourceDef; pkg: string }[] = [];
  const unitTests: UnitTestEntry[] = [];
  const exposures: ExposureDef[] = [];
  const groups: GroupDef[] = [];
  for (const f of files.yaml) {
    const parsed = cache
      ? cache.yaml(f, errors, warnings, (e, w) => parseSchemaYaml(f.contents, f.path, e, w))
      : parseSchemaYaml(f.contents, f.path, errors, warnings);
    for (const p of parsed.patches) {
      const key = `${pkgOf(f)}:${p.kind}:${p.name}`;
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
    sources.push(...parsed.sources.map((src) => ({ src, pkg: pkgOf(f) })));
    unitTests.push(...(parsed.unitTests ?? []));
    exposures.push(...parsed.exposures);
    groups.push(...parsed.groups);
  }

  const all: ProjectNode[] = [];
  const sqlKinds: [ResourceType, typeof files.models, (relPath: string) => boolean][] = [
    ['model', files.models, () => true],
    ['analysis', files.analyses, () => true],
    ['test', files.tests, (rel) => !rel.startsWith('generic/') && !rel.startsWith('fixtures/')],
  ];
  const inFileConfig = new Map<string, Record<string, unknown>[]>();
  const declarations: Record<string, string> = {};
  for (const [type, list, keep] of sqlKinds) {
    for (const f of list) {
      if (!keep(f.relPath)) continue;
      try {
        const { node, record } = cache
          ? cache.sqlFile(type, f, () => parseSqlFile(scopes.penv(f.package), f, type, inputs.renderAll), inputsOf)
          : parseSqlFile(scopes.penv(f.package), f, type, inputs.renderAll);
        inFileConfig.set(node.uniqueId, record.config);
        declarations[f.path] = declarationOf(node, record);
        all.push(node);
      } catch (err) {
        errors.push(templateErrorFor(err, f.path));
      }
    }
  }
  for (const f of files.snapshots) {
    let blocks: ReturnType<typeof snapshotBlocks> = [];
    try {
      blocks = snapshotBlocks(f);
    } catch (err) {
      errors.push(templateErrorFor(err, f.path));
    }
    for (const block of blocks) {
      try {
        const file = { ...f, contents: block.body, relPath: f.relPath.replace(/[^/]+$/, `${block.name}.sql`) };
        const { node, record } = cache
          ? cache.sqlFile(
              'snapshot',
              file,
              () => parseSqlFile(scopes.penv(f.package), file, 'snapshot', inputs.renderAll),
              inputsOf,
            )
          : parseSqlFile(scopes.penv(f.package), file, 'snapshot', inputs.renderAll);
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
  for (const f of files.snapshots) {
    const warning = snapshotFileWithoutBlock(f);
    if (warning) warnings.push(warning);
  }
  for (const s of files.seeds) {
    const name = fileStem(s.relPath);
    const pkg = pkgOf(s);
    all.push({
      uniqueId: `seed.${pkg}.${name}`,
      resourceType: 'seed',
      name,
      packageName: pkg,
      path: s.relPath,
      originalFilePath: s.path,
      fqn: fqnOf(pkg, s.relPath, name),
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
  for (const { src, pkg } of sources) all.push(...sourceNodes(pkg, src));

  const testTargets: TestTarget[] = [];
  const sourceDefs = new Map<string, { src: SourceDef; t: SourceTableDef }>(
    sources.flatMap(({ src, pkg }) =>
      src.tables.map((t) => [`source.${pkg}.${src.name}.${t.name}`, { src, t }] as const),
    ),
  );
  const sourceTests = new Map<string, TestTarget['entries']>(
    sources.flatMap(({ src, pkg }) =>
      src.tables.map((t) => [`source.${pkg}.${src.name}.${t.name}`, t.testEntries] as const),
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
    const patchKey = `${node.packageName}:${kind}:${node.name}`;
    const patch = versionPatches.get(node.uniqueId) ?? (kind ? patches.get(patchKey) : undefined);
    if (patch) patchOf.set(node.uniqueId, patch);
    const npenv = scopes.penv(node.packageName);
    const yaml = yamlValueRenderer(npenv, node, errors);
    const trees = node.resourceType === 'test' ? ['tests', 'data_tests'] : [FOLDER_TREE[node.resourceType] ?? 'models'];
    let raw = renderConfig(yaml, node, scopes.folderConfig(node.resourceType, node.fqn), (k) =>
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
      if (kind) patches.delete(patchKey);
      if (patch.testEntries.length > 0) testTargets.push({ node, entries: patch.testEntries });
    }
    for (const c of inFileConfig.get(node.uniqueId) ?? []) raw = mergeConfigs(raw, c);
    const own = scopes.config(node.packageName);
    // A dbt project gets dbt's shapes: snapshot columns named as dbt names them, seeds loaded as the CSV is.
    const dbtProject = own.configFile === 'dbt_project.yml';
    if (node.resourceType === 'snapshot' && raw.meta_columns === undefined && dbtProject)
      raw = { ...raw, meta_columns: 'dbt' };
    if (node.resourceType === 'seed' && raw.loaded_at_column === undefined && dbtProject)
      raw = { ...raw, loaded_at_column: false };
    node.config = finalizeConfig(node.resourceType, raw);
    const described = patch?.location ?? node.location;
    node.description = renderDescription(npenv, node, node.description, docs, errors, described);
    for (const col of Object.values(node.columns))
      col.description = renderDescription(npenv, node, col.description, docs, errors, described);
    if (node.resourceType !== 'source' && node.resourceType !== 'test' && node.resourceType !== 'analysis') {
      try {
        node.relation = cache ? cache.relation(node, () => relationFor(npenv, node)) : relationFor(npenv, node);
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
    // A test's folder configs (tests: / data_tests: of the project files), rendered in the test's package.
    folderConfig: (fqn: string[], testErrors: TsmodelError[]) => {
      const name = fqn[fqn.length - 1]!;
      const test = {
        uniqueId: `test.${fqn[0] ?? config.name}.${name}`,
        name,
        resourceType: 'test' as const,
        originalFilePath: config.configFile,
      };
      return renderConfig(
        yamlValueRenderer(scopes.penv(fqn[0]), test, testErrors),
        test,
        scopes.folderConfig('test', fqn),
        (k) => folderConfigLocation(config, ['tests', 'data_tests'], fqn, k),
      );
    },
    yamlRelPath: (p: string) => yamlRel.get(p) ?? p,
    renderAll: inputs.renderAll,
  };
  // Tests declared in a package's YAML belong to that package.
  const byPackage = (targets: readonly TestTarget[]) => {
    const out = { nodes: [] as ProjectNode[], errors: [] as TsmodelError[] };
    for (const pkg of new Set(targets.map((t) => t.node.packageName))) {
      const part = genericTestNodes(
        scopes.penv(pkg),
        targets.filter((t) => t.node.packageName === pkg),
        testOptions,
      );
      pushAll(out.nodes, part.nodes);
      pushAll(out.errors, part.errors);
    }
    return out;
  };
  const generic = cache ? cache.genericTests(testTargets, byPackage) : byPackage(testTargets);
  pushAll(errors, generic.errors);
  pushAll(all, generic.nodes);

  for (const e of exposureNodes(penv, exposures, errors)) {
    e.description = renderDescription(penv, e, e.description, docs, errors, e.location);
    all.push(e);
  }
  for (const node of all) recordForeignKeyRefs(scopes.penv(node.packageName), node, errors);
  const enabled = all.filter((n) => n.config.enabled);
  const disabled = all.filter((n) => !n.config.enabled);
  pushAll(errors, resolveDependencies(enabled, disabled, config.name));
  pushAll(warnings, deprecationWarnings(enabled));
  errors.push(
    ...checkAccess(
      enabled,
      groups,
      (n, key) => {
        const p = patchOf.get(n.uniqueId);
        return (p && (p.locations[`config.${key}`] ?? p.locations[key] ?? p.location)) ?? n.location;
      },
      config.name,
    ),
  );
  const units = unitTestNodes({
    projectName: config.name,
    entries: unitTests,
    nodes: enabled,
    disabled,
    fixtures: fixtureFiles(files.fixtures ?? []),
    yamlRelPath: testOptions.yamlRelPath,
    folderConfig: (fqn: string[]) => testOptions.folderConfig(fqn, errors),
  });
  pushAll(errors, units.errors);
  pushAll(warnings, units.warnings);
  for (const u of units.nodes) (u.config.enabled ? enabled : disabled).push(u);
  // Only on an otherwise clean parse: a config that failed to render leaves names that would collide falsely.
  if (errors.length === 0) pushAll(errors, checkRelationNames(enabled));
  cache?.sweep();
  const macros = macroRecords(renderer, macroFiles, config.name);
  recordMacroDependencies(enabled, macros);
  const macroPackages = new Map(macroFiles.flatMap((f) => (f.package ? [[f.path, f.package] as const] : [])));
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
    macroPackages,
    macros,
    declarations,
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
    configLocations: Object.fromEntries(
      ['freshness', 'loaded_at_field', 'loaded_at_query'].flatMap((k) => {
        const at = t.locations[`config.${k}`] ?? src.locations[`config.${k}`];
        return at ? [[k, at]] : [];
      }),
    ),
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
  const ctx = extendContext(parseContext(contextInputs(penv, node), emptyParseRecord()), {
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
  });
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

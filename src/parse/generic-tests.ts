import { createHash } from 'node:crypto';
import { mergeConfigs } from '../config/index.js';
import {
  builtinTest,
  builtinTestNames,
  defaultDimension,
  IDENTIFIER,
  readTestConfig,
  shapeValues,
  testCall,
} from '../test-catalog/index.js';
import { TsmodelError, nearestName, type SourceLocation } from '../errors/index.js';
import { emptyParseRecord, extendContext, parseContext, quoteIdent } from '../template/index.js';

const INTERNAL_NAMESPACE = 'dbt';
import { normalizeTestEntry, type NormalizedTest } from './generic-test-entry.js';
import { shapeOf, staticTestCalls } from './static-tests.js';
import { synthesizeTestName, testUniqueId } from './generic-test-name.js';
import { finalizeConfig } from './node-config.js';
import { contextInputs, fqnOf, templateErrorFor, type ParseEnv } from './sql-node.js';
import type { TestEntry } from './test-entries.js';
import { holdsJinja, renderConfig, yamlValueRenderer } from './yaml-render.js';
import type { ProjectNode } from './types.js';

/** A model, seed, snapshot or source table and the tests its YAML declares. */
export interface TestTarget {
  node: ProjectNode;
  entries: readonly TestEntry[];
}

export interface GenericTestOptions {
  /** Folder config for a test's fqn (the `tests:` tree of project.yml). */
  folderConfig(fqn: string[], errors: TsmodelError[]): Record<string, unknown>;
  /** A YAML file's path relative to its resource folder (for the fqn). */
  yamlRelPath(file: string): string;
  /** Render every test, built-ins included (tests compare this with the static result). */
  renderAll?: boolean;
}

interface Resolved {
  macro: string;
  canonical: string;
  /** The built-in's macro is the one used (not a project override). */
  builtin: boolean;
}

/**
 * Turns the tests declared in YAML into test nodes (no I/O). A malformed item
 * is an error of the parse; a test that cannot work (unknown name, missing
 * argument, bad config, a macro failing to render) becomes a node carrying
 * its error, reported when tests run, so the other tests still run.
 */
export function genericTestNodes(
  penv: ParseEnv,
  targets: readonly TestTarget[],
  opts: GenericTestOptions,
): { nodes: ProjectNode[]; errors: TsmodelError[] } {
  const nodes: ProjectNode[] = [];
  const errors: TsmodelError[] = [];
  for (const target of targets) {
    for (const entry of target.entries) {
      const n = normalizeTestEntry(entry);
      if (n instanceof TsmodelError) errors.push(n);
      else nodes.push(testNode(penv, target.node, entry, renderTestConfig(penv, target.node, n, errors), opts, errors));
    }
  }
  return { nodes, errors };
}

/**
 * A test's configs with their Jinja rendered, as dbt renders them when it
 * builds the test (`severity: "{{ 'warn' if target.name == 'dev' else 'error' }}"`);
 * the arguments stay expressions of the test call, evaluated when it renders.
 */
function renderTestConfig(
  penv: ParseEnv,
  attached: ProjectNode,
  n: NormalizedTest,
  errors: TsmodelError[],
): NormalizedTest {
  if (!holdsJinja(n.config)) return n;
  const yaml = yamlValueRenderer(penv, attached, errors);
  const config = renderConfig(yaml, attached, n.config, (k) => n.configLocation(k));
  return { ...n, config };
}

/**
 * The arguments as the test will see them, for a built-in's checks:
 * `values: "{{ var('statuses') }}"` is the list. Undefined when one cannot be
 * rendered now: the test then reports it when it renders at run time.
 */
function renderedArguments(
  penv: ParseEnv,
  attached: ProjectNode,
  kwargs: Record<string, unknown>,
): Record<string, unknown> | undefined {
  if (!holdsJinja(kwargs)) return kwargs;
  const failures: TsmodelError[] = [];
  const yaml = yamlValueRenderer(penv, attached, failures);
  const out = Object.fromEntries(
    Object.entries(kwargs).map(([k, v]) => [k, k === 'column_name' ? v : yaml.render(v, attached.location, k)]),
  );
  return failures.length === 0 ? out : undefined;
}

function resolve(penv: ParseEnv, n: NormalizedTest): Resolved | undefined {
  const testName = n.testName;
  const packaged = n.namespace && n.namespace !== penv.projectName ? `${n.namespace}.test_${testName}` : undefined;
  if (packaged && penv.renderer.hasMacro(packaged)) {
    // `dbt_utils.not_empty_string` is the package's test, never a project macro of that name: tsmodel's native
    // one stands in for it (shared scans) when it takes the arguments given, else the package's own runs.
    const def = builtinTest(testName);
    if (def && acceptsArguments(penv, `${INTERNAL_NAMESPACE}.test_${def.name}`, def, n.args)) {
      const macro = penv.renderer.macros.get(`test_${def.name}`)?.builtin ? `test_${def.name}` : `dbt.test_${def.name}`;
      return { macro, canonical: def.name, builtin: true };
    }
    return { macro: packaged, canonical: testName, builtin: false };
  }
  const macros = penv.renderer.macros;
  const own = macros.get(`test_${testName}`);
  // A package's test macro is marked overridable but is not one of tsmodel's (whose paths start with <builtin>/).
  const custom = own && (!own.builtin || !own.path.startsWith('<builtin>/'));
  if (own && custom) return { macro: own.name, canonical: testName, builtin: false };
  const def = builtinTest(testName);
  if (!def) return undefined;
  const used = macros.get(`test_${def.name}`);
  return { macro: `test_${def.name}`, canonical: def.name, builtin: used?.builtin ?? true };
}

/** Whether a built-in test's macro takes every argument given (after its spelling aliases). */
function acceptsArguments(
  penv: ParseEnv,
  macro: string,
  def: NonNullable<ReturnType<typeof builtinTest>>,
  args: Readonly<Record<string, unknown>>,
): boolean {
  const meta = penv.renderer.macroMeta(macro);
  if (!meta || meta.catchKwargs) return true;
  return Object.keys(args).every((k) => k === 'model' || meta.params.includes(def.argAliases?.[k] ?? k));
}

function testNode(
  penv: ParseEnv,
  attached: ProjectNode,
  entry: TestEntry,
  n: NormalizedTest,
  opts: GenericTestOptions,
  errors: TsmodelError[],
): ProjectNode {
  const isSource = attached.resourceType === 'source';
  const relationCall = isSource
    ? `source(${JSON.stringify(attached.sourceName)}, ${JSON.stringify(attached.name)})`
    : attached.version === undefined
      ? `ref(${JSON.stringify(attached.name)})`
      : `ref(${JSON.stringify(attached.name)}, v=${JSON.stringify(attached.version)})`;
  const modelExpr = `get_where_subquery(${relationCall})`;
  const resolved = resolve(penv, n);
  const def = resolved?.builtin ? builtinTest(resolved.canonical) : undefined;

  const args: Record<string, unknown> = { ...n.args };
  for (const [from, to] of Object.entries(def?.argAliases ?? {})) {
    if (from in args && !(to in args)) args[to] = args[from];
    delete args[from];
  }
  const column = entry.column ?? (typeof args.column_name === 'string' ? args.column_name : undefined);
  delete args.column_name;
  // `quote: true` on the column: the test's SQL gets "Order Date", the node keeps the plain name.
  const columnArg =
    column !== undefined && entry.quoteColumn && entry.column !== undefined ? quoteIdent(column) : column;
  const kwargs: Record<string, unknown> = columnArg === undefined ? args : { column_name: columnArg, ...args };

  const file = entry.location.file;
  const testType = `${isSource ? 'source_' : ''}${n.namespace ? `${n.namespace.replace(/\W+/g, '_')}_` : ''}${n.testName}`;
  const name =
    n.customName ??
    synthesizeTestName(
      testType,
      isSource
        ? `${attached.sourceName}_${attached.name}`
        : attached.version === undefined
          ? attached.name
          : `${attached.name}_v${String(attached.version).replace(/\./g, '_')}`,
      kwargs,
    );
  const fqn = fqnOf(penv.projectName, opts.yamlRelPath(file), name);
  const config = finalizeConfig('test', mergeConfigs(opts.folderConfig(fqn, errors), n.config));
  if (!attached.config.enabled) config.enabled = false;

  const rawCode = resolved ? testCall(resolved.macro, modelExpr, kwargs) : '';
  const node: ProjectNode = {
    uniqueId: testUniqueId(penv.projectName, name, {
      file,
      attached: attached.uniqueId,
      test: n.testName,
      kwargs,
      config: n.config,
    }),
    resourceType: 'test',
    name,
    packageName: penv.projectName,
    path: `${name}.sql`,
    originalFilePath: file,
    fqn,
    rawCode,
    checksum: createHash('sha256')
      .update(`${rawCode}\n${JSON.stringify(config)}`)
      .digest('hex'),
    config,
    refs: [],
    sources: [],
    dependsOn: { nodes: [], macros: resolved ? [`macro.${penv.projectName}.${resolved.macro}`] : [] },
    description: '',
    columns: {},
    attachedNode: attached.uniqueId,
    columnName: column,
    testMetadata: {
      name: resolved?.canonical ?? n.testName,
      ...(n.namespace ? { namespace: n.namespace } : {}),
      kwargs: { ...kwargs, model: `{{ ${modelExpr} }}` },
    },
    location: entry.location,
  };
  const problem = declarationProblem(penv, n, resolved, def !== undefined, kwargs, config, entry, () =>
    renderedArguments(penv, attached, kwargs),
  );
  if (problem) return withError(node, attached, problem);
  const shape = resolved && shapeOf(resolved.macro, attached, kwargs);
  if (shape) node.renderShape = shape;
  const calls =
    resolved?.builtin && !opts.renderAll
      ? staticTestCalls(penv.renderer, resolved.canonical, attached, kwargs)
      : undefined;
  if (calls) {
    node.refs = calls.refs.map((r) => ({ ...r, location: entry.location }));
    node.sources = calls.sources.map((s) => ({ ...s, location: entry.location }));
    return node;
  }
  const record = emptyParseRecord();
  try {
    const ctx = parseContext(contextInputs(penv, node), record);
    if (shape) penv.renderer.renderShared(file, shape.text, extendContext(ctx, shapeValues(shape)));
    else penv.renderer.render(`${file}#test:${name}`, rawCode, ctx);
  } catch (err) {
    const e = templateErrorFor(err, file);
    const inYaml = !e.location || e.location.file === file;
    return withError(
      node,
      attached,
      new TsmodelError(e.code, `test ${name}: ${e.message}`, {
        location: inYaml ? entry.location : e.location,
        hint: e.hint,
      }),
    );
  }
  node.refs = record.refs.map((r) => ({ ...r, location: entry.location }));
  node.sources = record.sources.map((s) => ({ ...s, location: entry.location }));
  if (record.config.length > 0) {
    // config() inside the test's macro (dbt_utils' fail_calc, severity…): over the folder configs, under the YAML's.
    const inMacro = record.config.reduce<Record<string, unknown>>((a, c) => mergeConfigs(a, c), {});
    node.config = finalizeConfig(
      'test',
      mergeConfigs(mergeConfigs(opts.folderConfig(node.fqn, []), inMacro), n.config),
    );
    if (!attached.config.enabled) node.config.enabled = false;
  }
  return node;
}

/** What is wrong with a test's declaration, if anything. */
function declarationProblem(
  penv: ParseEnv,
  n: NormalizedTest,
  resolved: Resolved | undefined,
  checkArgs: boolean,
  kwargs: Record<string, unknown>,
  config: Record<string, unknown>,
  entry: TestEntry,
  rendered: () => Record<string, unknown> | undefined,
): TsmodelError | undefined {
  const at = (location: SourceLocation, message: string, hint: string) =>
    new TsmodelError('config', message, { location, hint });
  if (!resolved) {
    const known = [
      ...new Set([
        ...builtinTestNames(),
        ...[...penv.renderer.macros.keys()].filter((m) => m.startsWith('test_')).map((m) => m.slice(5)),
      ]),
    ];
    const near = nearestName(n.testName, known);
    return at(
      entry.location,
      `unknown test '${n.testName}'`,
      near
        ? `Did you mean '${near}'?`
        : `Use a built-in test (${builtinTestNames().slice(0, 6).join(', ')}, …) or define {% test ` +
            `${n.testName}(model, column_name) %} in macros/ or tests/generic/.`,
    );
  }
  const bad = Object.keys(kwargs).find((k) => !IDENTIFIER.test(k));
  if (bad)
    return at(
      entry.location,
      `test '${n.testName}': '${bad}' is not a valid argument name`,
      'Argument names are letters, digits and underscores.',
    );
  const def = checkArgs ? builtinTest(resolved.canonical) : undefined;
  if (def) {
    if (def.needsColumn && kwargs.column_name === undefined) {
      return at(
        entry.location,
        `test '${n.testName}' checks a column, but none is given`,
        `Declare it under the column (columns: [{name: x, data_tests: [${n.testName}]}]) or give column_name.`,
      );
    }
    for (const req of def.required ?? []) {
      const options = typeof req === 'string' ? [req] : req;
      if (options.some((k) => kwargs[k] !== undefined && kwargs[k] !== null && kwargs[k] !== '')) continue;
      return at(
        entry.location,
        `test '${n.testName}' needs ${options.map((o) => `'${o}'`).join(' or ')}`,
        `Add it under the test, e.g. - ${n.testName}: {${options[0]}: …}.`,
      );
    }
    const args = def.check ? rendered() : undefined;
    const problem = args ? def.check?.(args) : undefined;
    if (problem) return at(entry.location, `test '${n.testName}': ${problem}`, 'Fix the argument in the YAML.');
  }
  const { problems } = readTestConfig(config, defaultDimension(resolved.canonical));
  const first = problems[0];
  return first ? at(n.configLocation(first.key), `test '${n.testName}': ${first.message}`, first.hint) : undefined;
}

/** A test node that reports its problem when run; it still depends on what it tests, so selection and ordering work. */
function withError(node: ProjectNode, attached: ProjectNode, error: TsmodelError): ProjectNode {
  node.parseError = error;
  node.rawCode = '';
  if (attached.resourceType === 'source')
    node.sources = [{ source: attached.sourceName!, table: attached.name, location: node.location }];
  else
    node.refs = [
      {
        name: attached.name,
        location: node.location,
        ...(attached.version === undefined ? {} : { version: attached.version }),
      },
    ];
  return node;
}

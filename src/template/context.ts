import { TsmodelError } from '../errors/index.js';
import type { Env } from '../config/types.js';
import { rememberEnvRead } from '../secrets/index.js';
import { bindArgs, splitArgs } from './jinja/args.js';
import { pythonNative } from './jinja/values.js';
import { DBT_FUNCTIONS } from './dbt-functions.js';
import { zip, zipStrict } from './jinja/globals.js';
import { MODULES } from './jinja/modules/index.js';
import { emptyGraph, flagsObject, PYTZ_MODULE } from './context-extras.js';
import { MacroReturn } from './jinja/traceback.js';
import { TemplateDateTime } from './datetime.js';
import { RelationValue, quoteIdent } from './relation.js';
import type { Renderer, TemplateContext } from './renderer.js';
import { addDatabaseObjects, type TemplateDatabase } from './db/index.js';

export interface TargetInfo {
  name: string;
  profile_name: string;
  schema: string;
  type: string;
  threads: number;
  database?: string;
}

export interface NodeInfo {
  uniqueId: string;
  name: string;
  resourceType: string;
  packageName: string;
  originalFilePath: string;
  /** A versioned model's version and its model's latest version. */
  version?: string | number;
  latestVersion?: string | number;
}

/** What every render needs, in either mode. */
export interface ContextInputs {
  renderer: Renderer;
  node: NodeInfo;
  target: TargetInfo;
  vars: Readonly<Record<string, unknown>>;
  env: Env;
  runStartedAt: string;
  invocationId: string;
  fullRefresh: boolean;
  log?: (message: string, info: boolean) => void;
  /** The command running (flags.WHICH): run, build, test, compile, … */
  which?: string;
  /** dbt's `graph` (nodes, sources, … as dbt's dicts); empty dicts while parsing. */
  graph?: Record<string, unknown>;
  /** The node as dbt's dict (config, columns, depends_on, …), laid over `model`'s basic fields. */
  nodeDict?: Record<string, unknown>;
}

/** What a parse-mode render found: the node's dependencies and its in-file config. */
export interface ParseRecord {
  refs: { name: string; package?: string; version?: string | number }[];
  sources: { source: string; table: string }[];
  config: Record<string, unknown>[];
  vars: string[];
  envVars: string[];
}

export function emptyParseRecord(): ParseRecord {
  return { refs: [], sources: [], config: [], vars: [], envVars: [] };
}

/** Runtime-mode additions: relations resolved, the node's final config. */
export interface RuntimeInputs extends ContextInputs {
  resolveRef(name: string, pkg?: string): RelationValue;
  resolveSource(source: string, table: string): RelationValue;
  thisRelation: RelationValue;
  isIncremental: boolean;
  config: Readonly<Record<string, unknown>>;
  /** The database templates query (run_query, statement, adapter.get_columns_in_relation…), if the command has one. */
  database?: TemplateDatabase;
}

/**
 * Adds the database objects (db/: statement, run_query, api, adapter's database methods) to a context; they
 * query only when `execute`. The context's own `adapter` members (quote, dispatch…) are kept over ours; a
 * project macro named like one of ours (statement, run_query…) wins, as in dbt.
 */
function withDatabase(ctx: TemplateContext, inputs: ContextInputs, execute: boolean, db?: TemplateDatabase) {
  const { renderer } = inputs;
  return addDatabaseObjects(ctx, {
    db,
    execute,
    database: inputs.target.database,
    targetType: inputs.target.type,
    nodeId: inputs.node.uniqueId,
    raise: (err) => renderer.raise(err),
    log: inputs.log,
    overridden: (name) => renderer.macros.has(name) && !renderer.macros.get(name)!.builtin,
  });
}

/**
 * The `adapter` object of templates. dispatch(name, macro_namespace) returns the macro to call
 * (template/dispatch.ts); the database methods are added beside it (db/).
 */
function adapterObject(inputs: ContextInputs): Record<string, unknown> {
  return {
    quote: (name: unknown) => quoteIdent(String(name)),
    type: () => inputs.target.type,
    dispatch: pythonNative((...args: unknown[]) => {
      const [name, namespace] = bindArgs('dispatch', ['macro_name', 'macro_namespace', 'packages'], args);
      const ns = namespace === undefined || namespace === null ? undefined : String(namespace);
      return inputs.renderer.dispatch(String(name), ns, inputs.target.type);
    }),
  };
}

function commonContext(
  inputs: ContextInputs,
  onVar?: (n: string) => void,
  onEnv?: (n: string) => void,
): TemplateContext {
  const { renderer, node } = inputs;
  const compileError = (message: string, hint?: string): never =>
    renderer.raise(new TsmodelError('template', message, { hint }));
  return {
    var: (...args: unknown[]) => {
      const { positional } = splitArgs(args);
      const name = String(positional[0]);
      onVar?.(name);
      if (Object.prototype.hasOwnProperty.call(inputs.vars, name)) return inputs.vars[name];
      if (positional.length > 1) return positional[1];
      return compileError(
        `Required variable '${name}' is not set`,
        `Set it under vars: in project.yml, pass --vars '{${name}: value}', or give var('${name}', default) a default.`,
      );
    },
    env_var: (...args: unknown[]) => {
      const { positional } = splitArgs(args);
      const name = String(positional[0]);
      onEnv?.(name);
      const value = inputs.env[name];
      rememberEnvRead(name, value);
      if (value !== undefined) return value;
      if (positional.length > 1) return positional[1];
      return compileError(
        `Environment variable '${name}' is not set and env_var() was given no default`,
        `Export ${name} before running, or write env_var('${name}', 'default').`,
      );
    },
    target: inputs.target,
    run_started_at: new TemplateDateTime(inputs.runStartedAt),
    invocation_id: inputs.invocationId,
    flags: flagsObject({ fullRefresh: inputs.fullRefresh, which: inputs.which }),
    graph: inputs.graph ?? emptyGraph(),
    model: {
      unique_id: node.uniqueId,
      name: node.name,
      resource_type: node.resourceType,
      package_name: node.packageName,
      original_file_path: node.originalFilePath,
      version: node.version ?? null,
      latest_version: node.latestVersion ?? null,
      ...inputs.nodeDict,
    },
    // dbt: the root project's name, whichever package the node is in
    project_name: renderer.namespaces.rootName ?? node.packageName,
    log: (msg: unknown, info?: unknown) => {
      inputs.log?.(String(msg), Boolean(info));
      return '';
    },
    print: (msg: unknown) => {
      inputs.log?.(String(msg), true);
      return '';
    },
    return: (value: unknown) => {
      throw new MacroReturn(value);
    },
    exceptions: {
      raise_compiler_error: (msg: unknown) => compileError(String(msg)),
      warn: (msg: unknown) => {
        inputs.log?.(`warning: ${String(msg)}`, true);
        return '';
      },
    },
    adapter: adapterObject(inputs),
    ...DBT_FUNCTIONS,
    zip,
    zip_strict: zipStrict,
    modules: { ...MODULES, pytz: PYTZ_MODULE },
  };
}

/** Parse mode: records ref/source/config calls; relations are placeholders. */
export function parseContext(inputs: ContextInputs, record: ParseRecord): TemplateContext {
  const placeholder = (name: string) => new RelationValue('__tsmodel_parse__', name);
  const config = (...args: unknown[]) => {
    const { positional, kwargs } = splitArgs(args);
    const dict = positional[0] && typeof positional[0] === 'object' ? (positional[0] as Record<string, unknown>) : {};
    record.config.push({ ...dict, ...kwargs });
    return '';
  };
  config.get = (_key: unknown, dflt?: unknown) => dflt ?? null;
  config.require = (_key: unknown) => null;
  const ctx: TemplateContext = {
    ...commonContext(
      inputs,
      (n) => record.vars.push(n),
      (n) => record.envVars.push(n),
    ),
    ref: (...args: unknown[]) => {
      const { positional, kwargs } = splitArgs(args);
      const [a, b] = positional.map(String);
      const version = (kwargs.v ?? kwargs.version) as string | number | undefined;
      const call = b === undefined ? { name: a! } : { name: b, package: a };
      record.refs.push(version === undefined ? call : { ...call, version });
      return placeholder(call.name);
    },
    source: (src: unknown, table: unknown) => {
      record.sources.push({ source: String(src), table: String(table) });
      return placeholder(String(table));
    },
    config,
    this: placeholder(inputs.node.name),
    is_incremental: () => false,
    execute: false,
  };
  return withDatabase({ ...ctx, builtins: { ref: ctx.ref, source: ctx.source, config: ctx.config } }, inputs, false);
}

/** Runtime mode: ref/source/this print as the real relations. */
export function runtimeContext(inputs: RuntimeInputs): TemplateContext {
  const config = (..._args: unknown[]) => '';
  config.get = (key: unknown, dflt?: unknown) => inputs.config[String(key)] ?? dflt ?? null;
  config.require = (key: unknown) => {
    const v = inputs.config[String(key)];
    if (v === undefined) {
      return inputs.renderer.raise(
        new TsmodelError('template', `Config '${String(key)}' is required by ${inputs.node.name}`, {
          location: { file: inputs.node.originalFilePath },
        }),
      );
    }
    return v;
  };
  const ctx: TemplateContext = {
    ...commonContext(inputs),
    ref: (...args: unknown[]) => {
      const { positional } = splitArgs(args);
      const [a, b] = positional.map(String);
      return b === undefined ? inputs.resolveRef(a!) : inputs.resolveRef(b, a);
    },
    source: (src: unknown, table: unknown) => inputs.resolveSource(String(src), String(table)),
    config,
    this: inputs.thisRelation,
    is_incremental: () => inputs.isIncremental,
    // dbt's: the model's full_refresh config over --full-refresh; store_failures from config (tests).
    should_full_refresh: () => Boolean(inputs.config.full_refresh ?? inputs.fullRefresh),
    should_store_failures: () => Boolean(inputs.config.store_failures ?? false),
    execute: true,
  };
  return withDatabase(
    { ...ctx, builtins: { ref: ctx.ref, source: ctx.source, config: ctx.config } },
    inputs,
    true,
    inputs.database,
  );
}

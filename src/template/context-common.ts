import { TsmodelError } from '../errors/index.js';
import { rememberEnvRead } from '../secrets/index.js';
import { bindArgs, splitArgs } from './jinja/args.js';
import { pythonNative } from './jinja/values.js';
import { DBT_FUNCTIONS } from './dbt-functions.js';
import { zip, zipStrict } from './jinja/globals.js';
import { MODULES } from './jinja/modules/index.js';
import { emptyGraph, flagsObject, PYTZ_MODULE } from './context-extras.js';
import { MacroReturn } from './jinja/traceback.js';
import { TemplateDateTime } from './datetime.js';
import { quoteIdent } from './relation.js';
import { databaseContext } from './db/index.js';
import { ABSENT, INPUTS, lazyLayer, type Maker } from './context-lazy.js';
import type { ContextInputs, ParseRecord, RuntimeInputs } from './context.js';

/** What every template context has, in parse and in runtime mode (context.ts adds each mode's names). */

/**
 * A context's own state: its inputs and, while parsing, the record its ref/source/config/var calls go to.
 * Every name is built from these on first read (context-lazy.ts).
 */
export interface Ctx {
  [INPUTS]: RuntimeInputs;
  [RECORD]?: ParseRecord;
  [DB]?: ReturnType<typeof databaseContext>;
  [name: string]: unknown;
}
export const RECORD = Symbol('parse record');
const DB = Symbol('database objects');

function compileError(inputs: ContextInputs, message: string, hint?: string): never {
  return inputs.renderer.raise(new TsmodelError('template', message, { hint }));
}

/** The database objects of one render (db/: statement, run_query, api, adapter's database methods), built once. */
function db(c: Ctx): ReturnType<typeof databaseContext> {
  const inputs = c[INPUTS];
  return (c[DB] ??= databaseContext(
    {
      db: inputs.database,
      execute: c.execute === true,
      database: inputs.target.database,
      nodeId: inputs.node.uniqueId,
      raise: (err) => inputs.renderer.raise(err),
      log: inputs.log,
    },
    inputs.target.type,
  ));
}

/** A name of db/'s globals: a project macro of the same name wins (statement, run_query…), as in dbt. */
const dbGlobal =
  (name: string): Maker<Ctx> =>
  (c) => {
    const m = c[INPUTS].renderer.macros.get(name);
    return m && !m.builtin ? ABSENT : db(c).globals[name];
  };
const DB_GLOBALS = [
  'statement',
  'store_result',
  'store_raw_result',
  'load_result',
  'run_query',
  'load_relation',
  'api',
];

/**
 * The `adapter` object of templates: dispatch(name, macro_namespace) returns the macro to call
 * (template/dispatch.ts), beside the database methods (db/).
 */
function adapterObject(c: Ctx): Record<string, unknown> {
  const inputs = c[INPUTS];
  return {
    ...db(c).adapter,
    quote: (name: unknown) => quoteIdent(String(name)),
    type: () => inputs.target.type,
    dispatch: pythonNative((...args: unknown[]) => {
      const [name, namespace] = bindArgs('dispatch', ['macro_name', 'macro_namespace', 'packages'], args);
      const ns = namespace === undefined || namespace === null ? undefined : String(namespace);
      return inputs.renderer.dispatch(String(name), ns, inputs.target.type);
    }),
  };
}

/** var() and env_var(); while parsing, the names read are recorded. */
const VARIABLES: Record<string, Maker<Ctx>> = {
  var: (c) => {
    const inputs = c[INPUTS];
    const record = c[RECORD];
    return (...args: unknown[]) => {
      const { positional } = splitArgs(args);
      const name = String(positional[0]);
      record?.vars.push(name);
      if (Object.prototype.hasOwnProperty.call(inputs.vars, name)) return inputs.vars[name];
      if (positional.length > 1) return positional[1];
      return compileError(
        inputs,
        `Required variable '${name}' is not set`,
        `Set it under vars: in project.yml, pass --vars '{${name}: value}', or give var('${name}', default) a default.`,
      );
    };
  },
  env_var: (c) => {
    const inputs = c[INPUTS];
    const record = c[RECORD];
    return (...args: unknown[]) => {
      const { positional } = splitArgs(args);
      const name = String(positional[0]);
      record?.envVars.push(name);
      const value = inputs.env[name];
      rememberEnvRead(name, value);
      if (value !== undefined) return value;
      if (positional.length > 1) return positional[1];
      return compileError(
        inputs,
        `Environment variable '${name}' is not set and env_var() was given no default`,
        `Export ${name} before running, or write env_var('${name}', 'default').`,
      );
    };
  },
};

/** What every context has, in either mode. */
export const COMMON = lazyLayer<Ctx>(
  null,
  {
    ...VARIABLES,
    target: (c) => c[INPUTS].target,
    run_started_at: (c) => new TemplateDateTime(c[INPUTS].runStartedAt),
    invocation_id: (c) => c[INPUTS].invocationId,
    flags: (c) => flagsObject({ fullRefresh: c[INPUTS].fullRefresh, which: c[INPUTS].which }),
    graph: (c) => c[INPUTS].graph ?? emptyGraph(),
    model: (c) => {
      const { node, nodeDict } = c[INPUTS];
      return {
        unique_id: node.uniqueId,
        name: node.name,
        resource_type: node.resourceType,
        package_name: node.packageName,
        original_file_path: node.originalFilePath,
        version: node.version ?? null,
        latest_version: node.latestVersion ?? null,
        ...(typeof nodeDict === 'function' ? nodeDict() : nodeDict),
      };
    },
    // dbt: the root project's name, whichever package the node is in
    project_name: (c) => c[INPUTS].renderer.namespaces.rootName ?? c[INPUTS].node.packageName,
    log: (c) => (msg: unknown, info?: unknown) => {
      c[INPUTS].log?.(String(msg), Boolean(info));
      return '';
    },
    print: (c) => (msg: unknown) => {
      c[INPUTS].log?.(String(msg), true);
      return '';
    },
    exceptions: (c) => ({
      raise_compiler_error: (msg: unknown) => compileError(c[INPUTS], String(msg)),
      warn: (msg: unknown) => {
        c[INPUTS].log?.(`warning: ${String(msg)}`, true);
        return '';
      },
    }),
    adapter: adapterObject,
    modules: () => ({ ...MODULES, pytz: PYTZ_MODULE }),
    builtins: (c) => ({ ref: c.ref, source: c.source, config: c.config }),
    ...Object.fromEntries(DB_GLOBALS.map((name) => [name, dbGlobal(name)])),
  },
  {
    return: (value: unknown) => {
      throw new MacroReturn(value);
    },
    ...DBT_FUNCTIONS,
    zip,
    zip_strict: zipStrict,
  },
);

const buildModel = Object.getOwnPropertyDescriptor(COMMON, 'model')!.get;

/**
 * `ctx.model.package_name` without building `model` (a node's whole dict) when a render reads only this:
 * while `model` is still COMMON's getter, the value it would build has the node's package name.
 */
export function modelPackageOf(ctx: object): unknown {
  for (let o: object | null = ctx; o; o = Object.getPrototypeOf(o) as object | null) {
    const d = Object.getOwnPropertyDescriptor(o, 'model');
    if (!d) continue;
    const node = d.get === buildModel ? (ctx as Ctx)[INPUTS]?.node : undefined;
    if (node) return node.packageName;
    break;
  }
  return ((ctx as Record<string, unknown>).model as { package_name?: unknown } | undefined)?.package_name;
}

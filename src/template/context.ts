import { TsmodelError } from '../errors/index.js';
import type { Env } from '../config/types.js';
import { splitArgs } from './jinja/args.js';
import { RelationValue } from './relation.js';
import type { Renderer, TemplateContext } from './renderer.js';
import type { TemplateDatabase } from './db/index.js';
import { INPUTS, lazyContext, lazyLayer } from './context-lazy.js';
import { COMMON, RECORD, type Ctx } from './context-common.js';

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
  /** The node as dbt's dict (config, columns, depends_on, …), laid over `model`'s basic fields (built when read). */
  nodeDict?: Record<string, unknown> | (() => Record<string, unknown>);
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

const placeholder = (name: string) => new RelationValue('__tsmodel_parse__', name);

/** Parse mode: ref/source/config calls are recorded; relations are placeholders. */
const PARSE = lazyLayer<Ctx>(
  COMMON,
  {
    ref: (c) => {
      const record = c[RECORD]!;
      return (...args: unknown[]) => {
        const { positional, kwargs } = splitArgs(args);
        const [a, b] = positional.map(String);
        const version = (kwargs.v ?? kwargs.version) as string | number | undefined;
        const call = b === undefined ? { name: a! } : { name: b, package: a };
        record.refs.push(version === undefined ? call : { ...call, version });
        return placeholder(call.name);
      };
    },
    source: (c) => {
      const record = c[RECORD]!;
      return (src: unknown, table: unknown) => {
        record.sources.push({ source: String(src), table: String(table) });
        return placeholder(String(table));
      };
    },
    config: (c) => {
      const record = c[RECORD]!;
      const config = (...args: unknown[]) => {
        const { positional, kwargs } = splitArgs(args);
        const first = positional[0];
        const dict = first && typeof first === 'object' ? (first as Record<string, unknown>) : {};
        record.config.push({ ...dict, ...kwargs });
        return '';
      };
      config.get = (_key: unknown, dflt?: unknown) => dflt ?? null;
      config.require = (_key: unknown) => null;
      return config;
    },
    this: (c) => placeholder(c[INPUTS].node.name),
  },
  { is_incremental: () => false, execute: false },
);

/** Runtime mode: ref/source/this are the real relations. */
const RUNTIME = lazyLayer<Ctx>(
  COMMON,
  {
    ref: (c) => {
      const inputs = c[INPUTS];
      return (...args: unknown[]) => {
        const { positional } = splitArgs(args);
        const [a, b] = positional.map(String);
        return b === undefined ? inputs.resolveRef(a!) : inputs.resolveRef(b, a);
      };
    },
    source: (c) => {
      const inputs = c[INPUTS];
      return (src: unknown, table: unknown) => inputs.resolveSource(String(src), String(table));
    },
    config: (c) => {
      const inputs = c[INPUTS];
      const config = (..._args: unknown[]) => '';
      config.get = (key: unknown, dflt?: unknown) => inputs.config[String(key)] ?? dflt ?? null;
      config.require = (key: unknown) => {
        const v = inputs.config[String(key)];
        if (v !== undefined) return v;
        return inputs.renderer.raise(
          new TsmodelError('template', `Config '${String(key)}' is required by ${inputs.node.name}`, {
            location: { file: inputs.node.originalFilePath },
          }),
        );
      };
      return config;
    },
    this: (c) => c[INPUTS].thisRelation,
    is_incremental: (c) => () => c[INPUTS].isIncremental,
    // dbt's: the model's full_refresh config over --full-refresh; store_failures from config (tests).
    should_full_refresh: (c) => () => Boolean(c[INPUTS].config.full_refresh ?? c[INPUTS].fullRefresh),
    should_store_failures: (c) => () => Boolean(c[INPUTS].config.store_failures ?? false),
  },
  { execute: true },
);

/** Parse mode: records ref/source/config calls (and the vars and env vars read) into `record`. */
export function parseContext(inputs: ContextInputs, record: ParseRecord): TemplateContext {
  return lazyContext(PARSE, inputs, { [RECORD]: record });
}

/** Runtime mode: ref/source/this print as the real relations. */
export function runtimeContext(inputs: RuntimeInputs): TemplateContext {
  return lazyContext(RUNTIME, inputs);
}

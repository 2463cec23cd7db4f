import { createHash } from 'node:crypto';
import type { ProjectFiles } from '../project/index.js';
import { ParseCache, type StoredSqlEntries } from './parse-cache.js';
import { parseProject, type ParseInputs, type ParsedProject } from './project.js';
import { parseEnvOf, rendererFor, renderContextKey } from './parse-setup.js';
import { editInPlace, sqlDeclarations } from './partial-edit.js';
import type { ProjectNode } from './types.js';

/**
 * A whole parse as kept in target/ between processes (see PartialParse): its result, and what it was made from.
 */
export interface StoredParse {
  /** Everything but the files and the environment: tsmodel, the project's config, target, vars, packages. */
  key: string;
  /** Each file's checksum, by kind and path. */
  files: Record<string, string>;
  /** The env vars the parse read: a hash of each value ('' when unset). */
  env: Record<string, string>;
  /** Absent when a node held more than plain data (then only the SQL renders are kept). */
  result?: StoredResult;
  /** What each SQL file's render declared (refs, sources, config calls, vars read), by path: see partial-edit.ts. */
  declarations: Record<string, string>;
}

export type StoredResult = Omit<ParsedProject, 'renderer' | 'parseEnv' | 'errors'>;

/** What an earlier process left in target/, read only when needed (`result` for a reuse, `entries` for a parse). */
export interface PreviousParse {
  parse?: () => StoredParse | undefined;
  entries?: () => StoredSqlEntries | undefined;
  /** The rendered SQL files as stored, not decoded (kept as they are when the whole parse is written again). */
  entriesBytes?: () => Uint8Array;
  /** Why there is none (no file, another tsmodel's, damaged…). */
  reason?: string;
  /** Names this stored parse (a new one each time the file is written). */
  id?: string;
}

export interface PartialParse {
  parsed: ParsedProject;
  /** reused: nothing changed; edited: SQL files edited in place; parsed: a parse, unchanged SQL files not rendered. */
  how: 'reused' | 'edited' | 'parsed';
  /** Why the whole result could not be reused (a debug line), when it could not. */
  reason?: string;
  /** Paths of the files rendered again. */
  rendered: string[];
  /**
   * When reused: the stored parse's id. Two processes that reused the same one have byte-identical nodes, so what
   * a later step derived from them (compile-reuse.ts's keys) holds without being derived again.
   */
  generation?: string;
  /**
   * When edited in place (the stored parse not written again): the stored parse's id. Its nodes are those of the
   * stored parse but the edited files', whose checksums differ.
   */
  editedFrom?: string;
  /** What to keep for the next process (undefined: nothing to keep, e.g. a parse with errors). */
  store?: { parse: StoredParse; entries: StoredSqlEntries | Uint8Array };
}

/** Edited files made again on the stored parse, beyond which it is written again. */
const REWRITE_AFTER_EDITS = 20;

/** Text that reads something other than the files, vars and env: a parse that meets it is never reused. */
const VOLATILE = /\b(run_started_at|invocation_id|modules)\b/;

const sha = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 32);

function fileChecksums(files: ProjectFiles): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [kind, list] of Object.entries(files) as [string, { path: string; checksum: string }[]][])
    for (const f of list ?? []) out[`${kind}:${f.path}`] = f.checksum;
  return out;
}

/** The env the parse sees, recording the names read. */
function watchedEnv(env: ParseInputs['env']): { env: ParseInputs['env']; read: Set<string> } {
  const read = new Set<string>();
  const proxy = new Proxy(env, {
    get: (t, k) => (typeof k === 'string' && read.add(k), Reflect.get(t, k)),
    has: (t, k) => (typeof k === 'string' && read.add(k), Reflect.has(t, k)),
    getOwnPropertyDescriptor: (t, k) => (typeof k === 'string' && read.add(k), Reflect.getOwnPropertyDescriptor(t, k)),
    ownKeys: (t) => (Object.keys(t).forEach((k) => read.add(k)), Reflect.ownKeys(t)),
  });
  return { env: proxy, read };
}

function envHashes(env: ParseInputs['env'], names: Iterable<string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const n of [...names].sort()) out[n] = env[n] === undefined ? '' : sha(`=${env[n]}`);
  return out;
}

/**
 * Parses a project reusing what an earlier process parsed (`previous`, from target/): the whole result when no
 * input changed; the nodes of SQL files edited without changing what they declare, edited in place; otherwise a
 * parse in which every SQL file whose text, macros and the vars and env vars it read are unchanged is not
 * rendered again. `stamp` names the code that made it (another tsmodel: nothing is reused).
 */
export function parseProjectPartially(inputs: ParseInputs, previous: PreviousParse, stamp: string): PartialParse {
  const volatile = Object.values(inputs.files)
    .flat()
    .find((f) => 'contents' in f && VOLATILE.test(f.contents));
  if (volatile) {
    const parsed = parseProject(inputs);
    const reason = `${volatile.path} reads run_started_at, invocation_id or modules: the parse is not kept`;
    return { parsed, how: 'parsed', reason, rendered: [] };
  }
  const key = sha(
    JSON.stringify([
      stamp,
      inputs.config,
      renderContextKey(inputs),
      inputs.vars,
      (inputs.packages ?? []).map((p) => [p.config, p.vars]),
    ]),
  );
  const files = fileChecksums(inputs.files);
  let reason: string;
  let prev: StoredParse | undefined;
  try {
    prev = previous.parse?.();
    reason = !prev
      ? (previous.reason ?? 'no earlier parse')
      : !prev.result
        ? 'the earlier parse held more than plain data (only its SQL renders were kept)'
        : prev.key !== key
          ? 'the project, target, vars or tsmodel changed'
          : '';
  } catch (err) {
    reason = `the earlier parse is unreadable (${err instanceof Error ? err.message : String(err)})`;
  }
  if (prev?.result && !reason) {
    const changedEnv = Object.entries(prev.env).find(([n, h]) => envHashes(inputs.env, [n])[n] !== h);
    if (changedEnv) reason = `env var ${changedEnv[0]} changed`;
  }
  if (prev?.result && !reason) {
    const changed = Object.keys(files).filter((k) => prev.files[k] !== files[k]);
    const gone = Object.keys(prev.files).filter((k) => !(k in files));
    if (changed.length === 0 && gone.length === 0) {
      const parsed = reusedParse(inputs, prev.result!);
      return { parsed, how: 'reused', rendered: [], store: undefined, generation: previous.id };
    }
    const edit = gone.length === 0 ? editInPlace(inputs, prev, changed) : { reason: 'files were removed' };
    if ('parsed' in edit) {
      // The stored parse stays as it was (edits are made again on it, each a file's render) until they are many.
      const store =
        edit.rendered.length > REWRITE_AFTER_EDITS
          ? storeOf(edit.parsed, inputs, key, files, prev.env, edit.declarations, previous.entriesBytes?.())
          : undefined;
      const from = store || !previous.id ? {} : { editedFrom: previous.id };
      return { parsed: edit.parsed, how: 'edited', rendered: edit.rendered, store, ...from };
    }
    reason = edit.reason;
  }
  const cache = new ParseCache();
  let entries: StoredSqlEntries | undefined;
  try {
    entries = previous.entries?.();
  } catch {
    entries = undefined;
  }
  if (entries) cache.restoreSqlEntries(entries);
  const watched = watchedEnv(inputs.env);
  const parsed = parseProject({ ...inputs, env: watched.env, cache });
  parsed.parseEnv.env = inputs.env;
  const declarations = sqlDeclarations(parsed);
  // Env vars read by renders, and by the SQL files not rendered again (their nodes recorded them).
  for (const n of [...parsed.nodes, ...parsed.disabled]) for (const e of n.inputs?.envVars ?? []) watched.read.add(e);
  const env = envHashes(inputs.env, watched.read);
  const store = storeOf(parsed, inputs, key, files, env, declarations, cache);
  // The SQL files rendered (YAML files, not kept between processes, are always read again).
  const rendered = cache.stats.renderedFiles.filter((f) => !/\.ya?ml$/i.test(f));
  return { parsed, how: 'parsed', reason, rendered, store };
}

/** The stored result as a parse, its renderer made on first use. */
function reusedParse(inputs: ParseInputs, result: StoredResult): ParsedProject {
  let renderer: ParsedProject['renderer'] | undefined;
  const make = () => (renderer ??= rendererFor(inputs));
  return {
    ...result,
    parseEnv: parseEnvOf(inputs, make),
    errors: [],
    get renderer() {
      return make();
    },
  };
}

function storeOf(
  parsed: ParsedProject,
  inputs: ParseInputs,
  key: string,
  files: Record<string, string>,
  env: Record<string, string>,
  declarations: Record<string, string>,
  entries?: ParseCache | Uint8Array,
): PartialParse['store'] {
  if (parsed.errors.length > 0) return undefined;
  const { projectName, nodes, disabled, docs, groups, warnings, macroPackages, macros } = parsed;
  const result: StoredResult = { projectName, nodes, disabled, docs, groups, warnings, macroPackages, macros };
  const whole = storable([...nodes, ...disabled]);
  const parse: StoredParse = whole ? { key, files, env, result, declarations } : { key, files, env, declarations };
  const none = { context: renderContextKey(inputs), entries: [] };
  if (!(entries instanceof ParseCache)) return { parse, entries: entries ?? none };
  // A render whose config() calls hold more than plain data (a relation…) is not kept: a copy would lose its class.
  const sql = entries.sqlEntries();
  sql.entries = sql.entries.filter(([, e]) => plain(e.result.record.config) && storable([e.result.node]));
  return { parse, entries: sql };
}

/** Nodes that survive a copy to disk unchanged: plain data only (no functions, class instances or errors). */
function storable(nodes: readonly ProjectNode[]): boolean {
  return nodes.every(
    (n) =>
      n.parseError === undefined && plain(n.config) && plain(n.testMetadata) && plain(n.unitTest) && plain(n.columns),
  );
}

function plain(value: unknown): boolean {
  if (value === null || value === undefined) return true;
  const t = typeof value;
  if (t === 'string' || t === 'number' || t === 'boolean') return true;
  if (t !== 'object') return false;
  if (Array.isArray(value)) return value.every(plain);
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return false;
  return Object.values(value as Record<string, unknown>).every(plain);
}

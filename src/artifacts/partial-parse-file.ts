import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { replaceFile } from './replace-file.js';
import { createHash, randomBytes } from 'node:crypto';
import { dirname } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { PreviousParse, ProjectNode, StoredParse, StoredSqlEntries } from '../parse/index.js';
import {
  deferredSection,
  eagerNodes,
  jsonWithUndefined,
  lazyNodes,
  restoreUndefined,
  splitNodes,
  type SplitNodes,
} from './lazy-nodes.js';

/*
 * target/partial_parse.bin: what a parse leaves for the next process. A first line names the format, a second
 * (JSON) the code that wrote it and the sizes of its sections, read only when needed: the whole parse (a reuse
 * or an edit needs only this; its nodes, when JSON holds them exactly, as JSON, which JSON.parse reads in about
 * two thirds of the CPU of V8's deserializer — what every command reads of each node at once, each node's SQL,
 * columns and the like when first read: lazy-nodes.ts), and the rendered SQL files (a parse needs only these).
 */

const MAGIC = 'tsmodel-partial-parse 3';

interface Header {
  stamp: string;
  /** Names this file's parse: see PartialParse.generation. */
  id?: string;
  parseBytes: number;
  /** The parse's nodes and disabled nodes as JSON (0: they are in the V8 section). */
  nodesBytes?: number;
  /** Each node's deferred part (lazy-nodes.ts), after them, and its sha256 (read later: damage is found now). */
  deferredBytes?: number;
  deferredSha?: string;
  entriesBytes: number;
}

type Path = (string | number)[];

/**
 * Whether JSON can give `value` back exactly: plain objects and arrays of strings, booleans, finite numbers (not -0)
 * and null — and undefined, whose places are listed in `undefinedAt` (written as null, set back after).
 */
function jsonExact(value: unknown, path: Path, undefinedAt: Path[]): boolean {
  switch (typeof value) {
    case 'undefined':
      undefinedAt.push([...path]);
      return true;
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value) && !Object.is(value, -0);
    case 'object': {
      if (value === null) return true;
      const array = Array.isArray(value);
      if (!array && Object.getPrototypeOf(value) !== Object.prototype) return false;
      const entries: [string | number, unknown][] = array
        ? (value as unknown[]).map((v, i) => [i, v])
        : Object.entries(value as Record<string, unknown>);
      if (array && entries.length !== Object.keys(value).length) return false; // holes
      if (!array && Object.prototype.hasOwnProperty.call(value, '__proto__')) return false; // not settable back
      for (const [k, v] of entries) {
        path.push(k);
        const ok = jsonExact(v, path, undefinedAt);
        path.pop();
        if (!ok) return false;
      }
      return true;
    }
    default:
      return false;
  }
}

/**
 * The nodes as JSON read lazily (lazy-nodes.ts): what every command reads of each node, with the disabled nodes and
 * the places of undefined values, then each node's deferred part; undefined when JSON cannot hold them.
 */
function nodesJson(result: NonNullable<StoredParse['result']>): { head: Buffer; deferred: Buffer } | undefined {
  const split = splitNodes(result.nodes, jsonExact);
  if (!split) return undefined;
  const head = { shapes: split.shapes, nodes: split.nodes, disabled: result.disabled };
  const undefinedAt: Path[] = [];
  if (!jsonExact(head, [], undefinedAt)) return undefined;
  // null where undefined was: the key keeps its place (its order among the others), set back on reading.
  return { head: Buffer.from(jsonWithUndefined({ ...head, undefinedAt })), deferred: deferredSection(split) };
}

/**
 * The nodes written by nodesJson: `head` its first part, `deferred(start, end)` text of the second, `bytes` long;
 * `lazy`: each node's deferred part parsed when first used (lazy-nodes.ts), else all now.
 */
function readNodesJson(
  head: string,
  deferred: (start: number, end: number) => string,
  bytes: number,
  lazy: boolean,
): Pick<NonNullable<StoredParse['result']>, 'nodes' | 'disabled'> {
  const { undefinedAt, ...value } = JSON.parse(head) as { undefinedAt: Path[] } & Omit<SplitNodes, 'deferred'> & {
      disabled: ProjectNode[];
    };
  restoreUndefined(value, undefinedAt);
  const nodes = lazy
    ? lazyNodes(value.shapes, value.nodes, deferred, bytes)
    : eagerNodes(value.shapes, value.nodes, deferred(0, bytes), bytes);
  return { nodes: nodes as ProjectNode[], disabled: value.disabled };
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/**
 * The earlier parse in `path`, if written by the same code (`stamp`); else why not (a debug line). `lazy`: its
 * nodes' SQL, columns and the like read when first used (for a command that reads few nodes: ls, run -s).
 */
export function readPartialParse(path: string, stamp: string, opts: { lazy?: boolean } = {}): PreviousParse {
  let buf: Buffer;
  try {
    buf = readFileSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return { reason: code === 'ENOENT' ? 'no earlier parse' : `${path} is unreadable (${code ?? String(err)})` };
  }
  const first = buf.indexOf(10);
  const second = first < 0 ? -1 : buf.indexOf(10, first + 1);
  if (second < 0 || buf.toString('utf8', 0, first) !== MAGIC) return { reason: `${path} is not a partial parse` };
  let header: Header;
  try {
    header = JSON.parse(buf.toString('utf8', first + 1, second)) as Header;
  } catch {
    return { reason: `${path} has a damaged header` };
  }
  if (header.stamp !== stamp) return { reason: `${path} was written by another version of tsmodel` };
  const start = second + 1;
  const nodesAt = start + header.parseBytes;
  const deferredAt = nodesAt + (header.nodesBytes ?? 0);
  const mid = deferredAt + (header.deferredBytes ?? 0);
  if (mid + header.entriesBytes !== buf.length) return { reason: `${path} is truncated` };
  if (header.deferredBytes && header.deferredSha !== sha256(buf.subarray(deferredAt, mid)))
    return { reason: `${path} is damaged` };
  const deferred = (from: number, to: number) => buf.toString('utf8', deferredAt + from, deferredAt + to);
  return {
    parse: () => {
      const parse = deserialize(buf.subarray(start, nodesAt)) as StoredParse;
      if (header.nodesBytes && parse.result)
        Object.assign(
          parse.result,
          readNodesJson(buf.toString('utf8', nodesAt, deferredAt), deferred, mid - deferredAt, opts.lazy ?? false),
        );
      return parse;
    },
    entries: () => deserialize(buf.subarray(mid)) as StoredSqlEntries,
    entriesBytes: () => buf.subarray(mid),
    ...(typeof header.id === 'string' ? { id: header.id } : {}),
  };
}

/**
 * Writes a parse for the next process: to a file of its own, then renamed over `path` (readers never see half).
 * Returns the id it was given (PartialParse.generation).
 */
export function writePartialParse(
  path: string,
  stamp: string,
  parse: StoredParse,
  entries: StoredSqlEntries | Uint8Array,
): string {
  const result = parse.result;
  const nodes = result && nodesJson(result);
  const a = serialize(nodes ? { ...parse, result: { ...result, nodes: [], disabled: [] } } : parse);
  const b = entries instanceof Uint8Array ? entries : serialize(entries);
  const id = randomBytes(12).toString('hex');
  const header: Header = {
    stamp,
    id,
    parseBytes: a.length,
    nodesBytes: nodes?.head.length ?? 0,
    deferredBytes: nodes?.deferred.length ?? 0,
    ...(nodes ? { deferredSha: sha256(nodes.deferred) } : {}),
    entriesBytes: b.length,
  };
  mkdirSync(dirname(path), { recursive: true });
  const bytes = Buffer.concat([
    Buffer.from(`${MAGIC}\n${JSON.stringify(header)}\n`),
    a,
    ...(nodes ? [nodes.head, nodes.deferred] : []),
    b,
  ]);
  replaceFile(path, (tmp) => writeFileSync(tmp, bytes));
  return id;
}

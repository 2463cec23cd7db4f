/*
 * The kept parse's nodes, read lazily (partial-parse-file.ts): what `ls`, the graph and selection read of every node
 * (names, paths, fqn, config, dependencies, relation) is one JSON document; the rest of each node (its SQL text,
 * columns, refs, locations…) is a JSON text of its own, parsed the first time any of those properties is read or
 * written. Until then they are accessors in their places, so keys, their order and values are those of the node
 * written, and a command that touches one node's SQL parses that node's only. They stay accessors once read (their
 * values beside the node, in a WeakMap): redefining them as data properties would cost more than the parse.
 */

/** Properties kept apart, each node's parsed on first use. */
const DEFERRED = new Set([
  'rawCode',
  'checksum',
  'refs',
  'sources',
  'description',
  'columns',
  'location',
  'patchPath',
  'columnName',
  'testMetadata',
  'renderShape',
  'inputs',
  'configLocations',
  'exposure',
  'unitTest',
]);

type Path = (string | number)[];
/** Whether JSON holds a value exactly, listing where its undefined values are (partial-parse-file.ts). */
export type JsonExact = (value: unknown, path: Path, undefinedAt: Path[]) => boolean;
type Obj = Record<string, unknown>;

/** JSON of `value` with undefined written as null (its places in `undefinedAt`). */
export function jsonWithUndefined(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (v === undefined ? null : v));
}

/** Sets undefined back at each path of `undefinedAt` in `value`. */
export function restoreUndefined(value: unknown, undefinedAt: Path[]): void {
  for (const path of undefinedAt) {
    let at = value as Record<string | number, unknown>;
    for (let i = 0; i < path.length - 1; i++) at = at[path[i]!] as Record<string | number, unknown>;
    at[path[path.length - 1]!] = undefined;
  }
}

/** How nodes are written: shapes (their keys in order), each node's kept values, then each one's deferred text. */
export interface SplitNodes {
  /** [keys in order, which are deferred][] */
  shapes: [string[], boolean[]][];
  /** Per node: its shape, its values that are not deferred, and the byte length of its deferred JSON. */
  nodes: [number, unknown[], number][];
  /** Each node's deferred values as JSON ([values, undefinedAt]), in node order. */
  deferred: Buffer[];
}

/** `nodes` split as SplitNodes, or undefined when JSON cannot hold one of them exactly. */
export function splitNodes(nodes: readonly object[], exact: JsonExact): SplitNodes | undefined {
  const shapeIds = new Map<string, number>();
  const out: SplitNodes = { shapes: [], nodes: [], deferred: [] };
  for (const node of nodes) {
    if (Object.getPrototypeOf(node) !== Object.prototype) return undefined;
    const keys = Object.keys(node);
    if (keys.includes('__proto__')) return undefined; // not settable back
    const id = keys.join('\0');
    let shape = shapeIds.get(id);
    if (shape === undefined) {
      shape = out.shapes.length;
      shapeIds.set(id, shape);
      out.shapes.push([keys, keys.map((k) => DEFERRED.has(k))]);
    }
    const kept: unknown[] = [];
    const later: unknown[] = [];
    for (const k of keys) (DEFERRED.has(k) ? later : kept).push((node as Obj)[k]);
    const undefinedAt: Path[] = [];
    if (!exact(later, [], undefinedAt)) return undefined;
    const text = Buffer.from(jsonWithUndefined([later, undefinedAt]));
    out.nodes.push([shape, kept, text.length]);
    out.deferred.push(text);
  }
  return out;
}

/** Each node's deferred part, until read: the node's text. */
const pending = new WeakMap<object, () => string>();
/** Each node's deferred values once read, in its shape's order (the accessors read and write them here). */
const settled = new WeakMap<object, unknown[]>();

/** Parses the node's deferred text, once (the accessors stay: turning them into data properties costs more). */
function settle(node: object): unknown[] | undefined {
  const read = pending.get(node);
  if (!read) return undefined;
  pending.delete(node);
  const [values, undefinedAt] = JSON.parse(read()) as [unknown[], Path[]];
  restoreUndefined(values, undefinedAt);
  settled.set(node, values);
  return values;
}

/** The deferred values of `from` or of the node it inherits from. */
function valuesOf(from: object): unknown[] | undefined {
  for (let o: object | null = from; o; o = Object.getPrototypeOf(o) as object | null) {
    const values = settled.get(o) ?? settle(o);
    if (values) return values;
  }
  return undefined;
}

const accessors = new Map<string, PropertyDescriptor>();
/** The accessor of `key`, the `index`th deferred value of its node's shape (one per pair, shared by all nodes). */
function accessor(key: string, index: number): PropertyDescriptor {
  const id = `${index}:${key}`;
  let d = accessors.get(id);
  if (!d) {
    d = {
      get(this: object) {
        return valuesOf(this)?.[index];
      },
      set(this: object, value: unknown) {
        const values = settled.get(this) ?? settle(this);
        if (values) values[index] = value;
        else Object.defineProperty(this, key, { value, writable: true, enumerable: true, configurable: true });
      },
      enumerable: true,
      configurable: true,
    };
    accessors.set(id, d);
  }
  return d;
}

/** The deferred parts of split nodes as one JSON array (each part still JSON of its own: lazyNodes reads one). */
export function deferredSection(split: SplitNodes): Buffer {
  const parts: Buffer[] = [Buffer.from('[')];
  split.deferred.forEach((d, i) => parts.push(...(i > 0 ? [Buffer.from(','), d] : [d])));
  parts.push(Buffer.from(']'));
  return Buffer.concat(parts);
}

function checkSection(nodes: SplitNodes['nodes'], bytes: number): void {
  const sum = nodes.reduce((total, n) => total + n[2], 0);
  if ((nodes.length === 0 ? 2 : sum + nodes.length + 1) !== bytes)
    throw new Error("the nodes' parts do not fill their section");
}

/**
 * The nodes written by splitNodes: `nodes` and `shapes` as parsed (undefined values set back), `text(start, end)`
 * the deferred section (deferredSection, `bytes` long, else it throws: damaged) between those byte offsets.
 */
export function lazyNodes(
  shapes: SplitNodes['shapes'],
  nodes: SplitNodes['nodes'],
  text: (start: number, end: number) => string,
  bytes: number,
): object[] {
  checkSection(nodes, bytes);
  let at = 1;
  return nodes.map(([shape, kept, length]) => {
    const [keys, deferred] = shapes[shape]!;
    const node: Obj = {};
    let k = 0;
    let d = 0;
    for (let i = 0; i < keys.length; i++) {
      if (deferred[i]) Object.defineProperty(node, keys[i]!, accessor(keys[i]!, d++));
      else node[keys[i]!] = kept[k++];
    }
    const start = at;
    at += length + 1;
    if (d > 0) pending.set(node, () => text(start, start + length));
    return node;
  });
}

/**
 * The same nodes read at once, as plain objects (`section`: the whole deferred section): for a command that reads
 * every node's SQL, where accessors would cost more than they save.
 */
export function eagerNodes(
  shapes: SplitNodes['shapes'],
  nodes: SplitNodes['nodes'],
  section: string,
  bytes: number,
): object[] {
  checkSection(nodes, bytes);
  const parts = JSON.parse(section) as [unknown[], Path[]][];
  if (parts.length !== nodes.length) throw new Error("the nodes' parts are not one per node");
  return nodes.map(([shape, kept], n) => {
    const [keys, deferred] = shapes[shape]!;
    const [values, undefinedAt] = parts[n]!;
    restoreUndefined(values, undefinedAt);
    const node: Obj = {};
    let k = 0;
    let d = 0;
    for (let i = 0; i < keys.length; i++) node[keys[i]!] = deferred[i] ? values[d++] : kept[k++];
    return node;
  });
}

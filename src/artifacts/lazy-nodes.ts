/*
 * The kept parse's nodes, read lazily (partial-parse-file.ts): what `ls`, the graph and selection read of every node
 * (names, paths, fqn, config, dependencies, relation) is one JSON document; the rest of each node (its SQL text,
 * columns, refs, locations…) is a JSON text of its own, parsed the first time any of those properties is read or
 * written. Until then they are accessors in their places, so keys, their order and values are those of the node
 * written, and a command that touches one node's SQL parses that node's only.
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

/** Each node's deferred part, until read: the node's text and its shape's deferred keys. */
const pending = new WeakMap<object, { read: () => string; keys: string[] }>();

function owner(from: object): object | undefined {
  for (let o: object | null = from; o; o = Object.getPrototypeOf(o) as object | null) if (pending.has(o)) return o;
  return undefined;
}

/** Parses the node's deferred text and puts its values in place of the accessors. */
function settle(node: object): void {
  const p = pending.get(node)!;
  pending.delete(node);
  const [values, undefinedAt] = JSON.parse(p.read()) as [unknown[], Path[]];
  restoreUndefined(values, undefinedAt);
  p.keys.forEach((k, i) =>
    Object.defineProperty(node, k, { value: values[i], writable: true, enumerable: true, configurable: true }),
  );
}

const accessors = new Map<string, PropertyDescriptor>();
function accessor(key: string): PropertyDescriptor {
  let d = accessors.get(key);
  if (!d) {
    d = {
      get(this: object) {
        const node = owner(this);
        if (node) settle(node);
        return node ? (node as Obj)[key] : undefined;
      },
      set(this: object, value: unknown) {
        const node = owner(this);
        if (node) settle(node);
        Object.defineProperty(this, key, { value, writable: true, enumerable: true, configurable: true });
      },
      enumerable: true,
      configurable: true,
    };
    accessors.set(key, d);
  }
  return d;
}

/**
 * The nodes written by splitNodes: `nodes` and `shapes` as parsed (undefined values set back), `text(start, end)`
 * the deferred JSON between those byte offsets of the deferred section, `bytes` long (else it throws: damaged).
 */
export function lazyNodes(
  shapes: SplitNodes['shapes'],
  nodes: SplitNodes['nodes'],
  text: (start: number, end: number) => string,
  bytes: number,
): object[] {
  if (nodes.reduce((sum, n) => sum + n[2], 0) !== bytes) throw new Error("the nodes' parts do not fill their section");
  const deferredKeys = shapes.map(([keys, deferred]) => keys.filter((_k, i) => deferred[i]));
  let at = 0;
  return nodes.map(([shape, kept, length]) => {
    const [keys, deferred] = shapes[shape]!;
    const node: Obj = {};
    let k = 0;
    for (let i = 0; i < keys.length; i++) {
      if (deferred[i]) Object.defineProperty(node, keys[i]!, accessor(keys[i]!));
      else node[keys[i]!] = kept[k++];
    }
    const start = at;
    at += length;
    const later = deferredKeys[shape]!;
    if (later.length > 0) pending.set(node, { read: () => text(start, start + length), keys: later });
    return node;
  });
}

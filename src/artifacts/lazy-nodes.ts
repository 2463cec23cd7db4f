/*
 * The kept parse's nodes, read lazily (partial-parse-file.ts): what `ls`, the graph and selection read of every node
 * (names, paths, fqn, config, dependencies, relation) is one JSON document; the rest of each node (its SQL text,
 * columns, refs, locations…) is a JSON text of its own, parsed the first time any of those properties is read or
 * written. Until then they are accessors in their places, so keys, their order and values are those of the node
 * written, and a command that touches one node's SQL parses that node's only (Batch).
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

/**
 * The nodes of one read (lazyNodes): each unread node's index (its part is `text(starts[i], ends[i])`), each read
 * one's values in its shape's order, and the accessors that read and write them (one per key and place, shared by
 * the batch's nodes). The accessors stay once a node is read: turning them into data properties costs more.
 */
class Batch {
  private readonly pending = new Map<object, number>();
  private readonly settled = new Map<object, unknown[]>();
  private readonly accessors = new Map<string, PropertyDescriptor>();

  constructor(
    private readonly text: (start: number, end: number) => string,
    private readonly starts: number[],
    private readonly ends: number[],
  ) {}

  add(node: object, index: number): void {
    this.pending.set(node, index);
  }

  /** Parses the node's deferred part, once. */
  private settle(node: object): unknown[] | undefined {
    const i = this.pending.get(node);
    if (i === undefined) return undefined;
    this.pending.delete(node);
    const [values, undefinedAt] = JSON.parse(this.text(this.starts[i]!, this.ends[i]!)) as [unknown[], Path[]];
    restoreUndefined(values, undefinedAt);
    this.settled.set(node, values);
    return values;
  }

  /** The deferred values of `from` or of the node it inherits from. */
  private valuesOf(from: object): unknown[] | undefined {
    for (let o: object | null = from; o; o = Object.getPrototypeOf(o) as object | null) {
      const values = this.settled.get(o) ?? this.settle(o);
      if (values) return values;
    }
    return undefined;
  }

  /** The accessor of `key`, the `index`th deferred value of its node's shape. */
  accessor(key: string, index: number): PropertyDescriptor {
    const id = `${index}:${key}`;
    let d = this.accessors.get(id);
    if (!d) {
      const valuesOf = (node: object) => this.valuesOf(node);
      const ownValues = (node: object) => this.settled.get(node) ?? this.settle(node);
      d = {
        get(this: object) {
          return valuesOf(this)?.[index];
        },
        set(this: object, value: unknown) {
          const values = ownValues(this);
          if (values) values[index] = value;
          else Object.defineProperty(this, key, { value, writable: true, enumerable: true, configurable: true });
        },
        enumerable: true,
        configurable: true,
      };
      this.accessors.set(id, d);
    }
    return d;
  }
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
  const starts: number[] = [];
  const ends: number[] = [];
  let at = 1;
  for (const [, , length] of nodes) {
    starts.push(at);
    ends.push(at + length);
    at += length + 1;
  }
  const batch = new Batch(text, starts, ends);
  return nodes.map(([shape, kept], n) => {
    const [keys, deferred] = shapes[shape]!;
    const node: Obj = {};
    let k = 0;
    let d = 0;
    for (let i = 0; i < keys.length; i++) {
      if (deferred[i]) Object.defineProperty(node, keys[i]!, batch.accessor(keys[i]!, d++));
      else node[keys[i]!] = kept[k++];
    }
    if (d > 0) batch.add(node, n);
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

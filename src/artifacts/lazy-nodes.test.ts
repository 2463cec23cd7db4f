import { describe, expect, it } from 'vitest';
import { deferredSection, eagerNodes, lazyNodes, splitNodes, type JsonExact } from './lazy-nodes.js';

/** JSON holds these exactly (the tests' nodes hold no undefined, -0 or class instance). */
const exact: JsonExact = () => true;

function roundTrip(nodes: object[]): { back: Record<string, unknown>[]; reads: number[] } {
  const split = splitNodes(nodes, exact)!;
  const head = JSON.parse(JSON.stringify({ shapes: split.shapes, nodes: split.nodes })) as Omit<
    typeof split,
    'deferred'
  >;
  const deferred = deferredSection(split);
  const reads: number[] = [];
  const text = (start: number, end: number) => {
    reads.push(start);
    return deferred.toString('utf8', start, end);
  };
  const back = lazyNodes(head.shapes, head.nodes, text, deferred.length) as Record<string, unknown>[];
  return { back, reads };
}

const model = (name: string) => ({
  uniqueId: `model.shop.${name}`,
  name,
  rawCode: `select '${name}'`,
  config: { materialized: 'view' },
  columns: { id: { name: 'id' } },
  location: { file: `models/${name}.sql`, line: 1 },
});

describe('nodes read lazily', () => {
  it("parses a node's deferred part only when one of its properties is read or written, and once", () => {
    const nodes = [model('a'), model('b'), model('c')];
    const { back, reads } = roundTrip(nodes);
    expect(back.map((n) => [n.name, n.config])).toEqual(nodes.map((n) => [n.name, n.config]));
    expect(Object.keys(back[1]!)).toEqual(Object.keys(nodes[1]!));
    expect(reads).toHaveLength(0);
    expect(back[1]!.rawCode).toBe("select 'b'");
    expect(back[1]!.columns).toEqual({ id: { name: 'id' } });
    expect(reads).toHaveLength(1);
    back[2]!.location = { file: 'x', line: 2 };
    expect(reads).toHaveLength(2);
    expect(back[2]).toEqual({ ...nodes[2], location: { file: 'x', line: 2 } });
    expect(JSON.stringify(back[0])).toBe(JSON.stringify(nodes[0]));
    expect(reads).toHaveLength(3);
  });

  it('keeps a write to an object that inherits from a node on that object', () => {
    const { back } = roundTrip([model('a')]);
    const child = Object.create(back[0]!) as Record<string, unknown>;
    expect(child.rawCode).toBe("select 'a'");
    child.rawCode = 'select 2';
    expect([child.rawCode, back[0]!.rawCode]).toEqual(['select 2', "select 'a'"]);
  });

  it('reads the same nodes at once as plain objects', () => {
    const nodes = [model('a'), model('b')];
    const split = splitNodes(nodes, exact)!;
    const section = deferredSection(split);
    const back = eagerNodes(split.shapes, split.nodes, section.toString(), section.length);
    expect(back).toStrictEqual(nodes);
    expect(back.map((n) => Object.keys(n))).toEqual(nodes.map((n) => Object.keys(n)));
    expect(eagerNodes([], [], '[]', 2)).toEqual([]);
  });

  it('refuses a section whose parts do not add up, and nodes JSON cannot key', () => {
    const split = splitNodes([model('a')], exact)!;
    expect(() => lazyNodes(split.shapes, split.nodes, () => '', 1)).toThrow(/do not fill/);
    expect(() => eagerNodes(split.shapes, split.nodes, '[]', 2)).toThrow(/do not fill/);
    expect(splitNodes([JSON.parse('{"__proto__": 1}') as object], exact)).toBeUndefined();
  });
});

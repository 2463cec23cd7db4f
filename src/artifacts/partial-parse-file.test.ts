import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StoredParse } from '../parse/index.js';
import { readPartialParse, writePartialParse } from './partial-parse-file.js';

const entries = { context: 'c', entries: [] };

function stored(nodes: unknown[]): StoredParse {
  const result = { projectName: 'shop', nodes, disabled: [], docs: new Map([['d', { name: 'd' }]]), groups: [] };
  return { key: 'k', files: { 'models:a.sql': 'x' }, env: {}, declarations: {}, result } as unknown as StoredParse;
}

/** Keys in order, at every level: what toStrictEqual does not compare. */
const shape = (v: unknown): unknown =>
  v && typeof v === 'object'
    ? Array.isArray(v)
      ? v.map(shape)
      : Object.entries(v).map(([k, x]) => [k, shape(x)])
    : v === undefined
      ? 'undefined'
      : v;

describe('target/partial_parse.bin', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tsmodel-pp-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('gives back the nodes exactly, undefined values in their places, whether JSON or V8 holds them', () => {
    const plain = {
      uniqueId: 'model.shop.a',
      columns: { id: { name: 'id', data_type: undefined, description: '' } },
      relation: { database: undefined, schema: 's', identifier: 'a' },
      list: [1, undefined, 'x', null, { deep: [undefined] }],
      '1': 'an index-like key',
    };
    const odd = { ...plain, ratio: -0, inf: Infinity };
    for (const [nodes, json] of [
      [[plain], true],
      [[plain, odd], false],
    ] as const) {
      const path = join(dir, 'partial_parse.bin');
      const id = writePartialParse(path, 'stamp', stored([...nodes]), entries);
      const header = JSON.parse(readFileSync(path, 'utf8').split('\n')[1]!) as { nodesBytes: number; id: string };
      expect(header.id).toBe(id);
      expect(header.nodesBytes > 0).toBe(json);
      const back = readPartialParse(path, 'stamp');
      expect(back.id).toBe(id);
      const parse = back.parse!()!;
      expect(parse.result!.nodes).toStrictEqual(nodes);
      expect(shape(parse.result!.nodes)).toEqual(shape(nodes));
      const lazy = readPartialParse(path, 'stamp', { lazy: true }).parse!()!.result!.nodes;
      expect(shape(lazy)).toEqual(shape(nodes));
      expect(Object.is((parse.result!.nodes[1] as unknown as typeof odd | undefined)?.ratio, -0)).toBe(!json);
      expect(parse.result!.docs).toEqual(new Map([['d', { name: 'd' }]]));
      expect(back.entries!()).toEqual(entries);
      expect(readPartialParse(path, 'other').reason).toMatch(/another version/);
    }
  });

  it('gives back nodes whose SQL, columns and the like are read or written as those of the node written', () => {
    const node = (name: string) => ({
      uniqueId: `model.shop.${name}`,
      name,
      rawCode: `select 1 -- ${name}`,
      config: { materialized: 'view', tags: ['t'] },
      columns: { id: { name: 'id', description: undefined } },
      dependsOn: { nodes: [], macros: [] },
      location: { file: `models/${name}.sql`, line: 1 },
    });
    const nodes = [node('a'), node('b'), node('c')];
    const path = join(dir, 'partial_parse.bin');
    writePartialParse(path, 'stamp', stored(nodes), entries);
    const back = readPartialParse(path, 'stamp', { lazy: true }).parse!()!.result!.nodes as unknown as ReturnType<
      typeof node
    >[];
    expect(readPartialParse(path, 'stamp').parse!()!.result!.nodes).toStrictEqual(nodes);
    const [a, b, c] = back as [ReturnType<typeof node>, ReturnType<typeof node>, ReturnType<typeof node>];
    expect(Object.keys(a)).toEqual(Object.keys(nodes[0]!));
    expect(a.config).toEqual({ materialized: 'view', tags: ['t'] });
    expect(a.rawCode).toBe('select 1 -- a');
    b.location = { file: 'elsewhere', line: 2 };
    expect(b).toStrictEqual({ ...nodes[1], location: { file: 'elsewhere', line: 2 } });
    expect(Object.keys(b)).toEqual(Object.keys(nodes[1]!));
    expect(JSON.stringify(c)).toBe(JSON.stringify(nodes[2]));
    expect('description' in c.columns.id).toBe(true);
  });

  it("discards a file of the earlier format, or whose nodes' parts are damaged", () => {
    const path = join(dir, 'partial_parse.bin');
    writePartialParse(path, 'stamp', stored([{ uniqueId: 'a', rawCode: 'select 1' }]), entries);
    const good = readFileSync(path, 'latin1');
    writeFileSync(path, good.replace('tsmodel-partial-parse 3', 'tsmodel-partial-parse 2'), 'latin1');
    expect(readPartialParse(path, 'stamp').reason).toMatch(/is not a partial parse/);
    writeFileSync(path, good.replace('select 1', 'select 2'), 'latin1');
    expect(readPartialParse(path, 'stamp').reason).toMatch(/is damaged/);
  });
});

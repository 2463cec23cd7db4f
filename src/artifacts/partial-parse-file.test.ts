import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
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
      expect(Object.is((parse.result!.nodes[1] as unknown as typeof odd | undefined)?.ratio, -0)).toBe(!json);
      expect(parse.result!.docs).toEqual(new Map([['d', { name: 'd' }]]));
      expect(back.entries!()).toEqual(entries);
      expect(readPartialParse(path, 'other').reason).toMatch(/another version/);
    }
  });
});

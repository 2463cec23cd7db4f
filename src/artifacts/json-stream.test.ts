import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeJsonFile } from './json-stream.js';

const id = (v: unknown) => v;

describe('writeJsonFile: JSON.stringify(value, null, 2), streamed', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tsmodel-json-'));
  const file = join(dir, 'x.json');

  const values: unknown[] = [
    {
      metadata: { generated_at: new Date(0), list: [1, 'a\nb', null, { deep: [[]] }], empty: {}, none: [] },
      nodes: {
        'model.a': { name: 'a', skipped: undefined, fn: () => 1, columns: {}, tags: ['x'], n: 1.5 },
        'model.b': { raw_code: '{{ ref("a") }}\n"quoted"', depends_on: { nodes: ['model.a'] } },
      },
      arr: [undefined, () => 1, { a: undefined }, new Date(86_400_000)],
      custom: { toJSON: () => ({ replaced: true }) },
      emptyArr: [],
      emptyObj: {},
      'key "quoted"\n': 'v',
    },
    [],
    {},
    [1, [2, [3, [4]]], { a: { b: { c: {} } } }],
    'text',
    42,
    null,
  ];
  for (const [i, value] of values.entries()) {
    it(`writes the same bytes as JSON.stringify (case ${i})`, () => {
      writeJsonFile(file, value, id, (k) => k);
      expect(readFileSync(file, 'utf8')).toBe(`${JSON.stringify(value, null, 2)}\n`);
    });
  }

  it('scrubs values and keys as scrubValue would', () => {
    const scrub = (v: unknown): unknown =>
      typeof v === 'string'
        ? v.replaceAll('hunter2', '****')
        : v && typeof v === 'object' && !Array.isArray(v)
          ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k.replaceAll('hunter2', '****'), scrub(x)]))
          : Array.isArray(v)
            ? v.map(scrub)
            : v;
    const value = { a: { hunter2: 'pw hunter2', b: [{ hunter2: 1 }] }, hunter2: ['hunter2'] };
    writeJsonFile(file, value, scrub, (k) => k.replaceAll('hunter2', '****'));
    expect(readFileSync(file, 'utf8')).toBe(`${JSON.stringify(scrub(value), null, 2)}\n`);
  });

  it('a value that cannot be written leaves the old file as it was', () => {
    writeFileSync(file, 'old');
    expect(() => writeJsonFile(file, { a: { b: 1n } }, id, (k) => k)).toThrow();
    expect(readFileSync(file, 'utf8')).toBe('old');
    rmSync(dir, { recursive: true, force: true });
  });
});

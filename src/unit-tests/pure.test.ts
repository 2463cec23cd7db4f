import { describe, expect, it } from 'vitest';
import { parseYamlDocument } from '../config/yaml.js';
import type { TsmodelError } from '../errors/index.js';
import { compareRows } from './compare.js';
import { diffRecord, formatDiff } from './diff-format.js';
import { csvRows, resolveFixture } from '../parse/unit-tests/fixtures.js';
import { rowsSql } from './literals.js';
import { unitTestEntries, parseInputCall } from '../parse/unit-tests/yaml-entries.js';

describe('compareRows', () => {
  const cols = ['id', 'name'];
  it('compares as a multiset: order does not matter, duplicates count, NULL equals NULL', () => {
    expect(
      compareRows(
        cols,
        [
          ['1', null],
          ['2', 'b'],
          ['2', 'b'],
        ],
        [
          ['2', 'b'],
          ['1', null],
          ['2', 'b'],
        ],
      ).equal,
    ).toBe(true);
    const c = compareRows(
      cols,
      [
        ['2', 'b'],
        ['2', 'b'],
      ],
      [['2', 'b']],
    );
    expect(c).toMatchObject({ equal: false, missing: 1, extra: 0, matched: 1 });
  });

  it('pairs a missing row with the unexpected row sharing most cells and marks the cells that differ', () => {
    const c = compareRows(
      ['id', 'name', 'city'],
      [
        ['1', 'ann', 'Oslo'],
        ['2', 'bob', 'Rome'],
      ],
      [
        ['9', 'zed', 'Lima'],
        ['2', 'bob', 'Roma'],
      ],
    );
    expect(c.lines).toEqual([
      { kind: '-', values: ['1', 'ann', 'Oslo'] },
      { kind: '-', values: ['2', 'bob', 'Rome'] },
      { kind: '+', values: ['2', 'bob', 'Roma'], differs: ['city'] },
      { kind: '+', values: ['9', 'zed', 'Lima'] },
    ]);
  });
});

describe('formatDiff', () => {
  it('prints at most N lines and counts the rest; NULL is written NULL', () => {
    const expected = Array.from({ length: 5 }, (_v, i) => [String(i), null]);
    const c = compareRows(['id', 'x'], expected, []);
    expect(formatDiff(c, 2).split('\n')).toEqual([
      '    | id | x',
      '  --+----+-----',
      '  - | 0  | NULL',
      '  - | 1  | NULL',
      '  … and 3 more rows',
    ]);
    expect(diffRecord(c, 2)).toMatchObject({
      missing: 5,
      extra: 0,
      more: 3,
      rows: [{ diff: '-', values: { id: '0', x: null } }, { diff: '-' }],
    });
  });
});

describe('unit_tests: entries', () => {
  const read = (text: string) => {
    const doc = parseYamlDocument(text, 'models/u.yml');
    const errors: TsmodelError[] = [];
    return {
      entries: unitTestEntries((doc.value as { unit_tests: unknown }).unit_tests, 'models/u.yml', doc.locate, errors),
      errors,
    };
  };

  it('reads inputs, formats, overrides and config with their lines', () => {
    const { entries, errors } = read(`unit_tests:
  - name: t1
    model: m
    config: {tags: [x]}
    overrides:
      macros: {is_incremental: true}
      vars: {a: 1}
      env_vars: {E: 2}
    given:
      - input: ref('a')
        rows:
          - {id: 1}
          - {id: 2}
      - input: source("s", "t")
        format: csv
        fixture: t_rows
    expect:
      rows: [{id: 1}]
`);
    expect(errors).toEqual([]);
    const e = entries[0]!;
    expect(e).toMatchObject({
      name: 't1',
      model: 'm',
      config: { tags: ['x'] },
      overrides: { macros: { is_incremental: true }, vars: { a: 1 }, envVars: { E: '2' } },
    });
    expect(e.given.map((g) => g.target)).toEqual([
      { kind: 'ref', name: 'a' },
      { kind: 'source', source: 's', table: 't' },
    ]);
    expect(e.given[0]!.fixture.rowLocations.map((l) => l.line)).toEqual([12, 13]);
    expect(e.given[1]!.fixture).toMatchObject({ format: 'csv', fixture: 't_rows' });
  });

  it('reports what is missing or malformed at its line', () => {
    const { errors } = read(`unit_tests:
  - name: t1
    given:
      - input: ref('a')
    expect: {rows: []}
  - name: t2
    model: m
    given:
      - input: model_a
    expect: {rows: [], format: xml}
`);
    expect(errors.map((e) => `${e.location?.line} ${e.message}`)).toEqual([
      "2 unit test 't1': model: is missing",
      "9 unit test 't2': input 'model_a' is not a ref(), source() or this",
      "10 unit test 't2', expect: format 'xml' is not one of dict, csv, sql",
    ]);
  });

  it('parses ref, versioned ref, package ref, source and this', () => {
    expect(parseInputCall("ref('x', v=2)")).toEqual({ kind: 'ref', name: 'x', version: 2 });
    expect(parseInputCall("ref('pkg', 'x')")).toEqual({ kind: 'ref', name: 'x', package: 'pkg' });
    expect(parseInputCall('this')).toEqual({ kind: 'this' });
    expect(parseInputCall("ref('x'")).toBeUndefined();
  });
});

describe('fixtures', () => {
  const at = (i: number) => ({ file: 'f.csv', line: i + 1 });
  it('CSV: the header names the columns, an empty field is NULL, a short line is an error at its line', () => {
    expect(csvRows('a,b\n1,\n"x,y",2\n', at, 'f').map((r) => r.values)).toEqual([
      { a: '1', b: null },
      { a: 'x,y', b: '2' },
    ]);
    expect(() => csvRows('a,b\n1,2\n3\n', at, 'f')).toThrow(/CSV line has 1 field, the header has 2/);
    try {
      csvRows('a,b\n1,2\n3\n', at, 'f');
    } catch (err) {
      expect((err as TsmodelError).location).toEqual({ file: 'f.csv', line: 3 });
    }
  });

  it('inline CSV counts lines from the one after rows:', () => {
    const f = resolveFixture(
      { format: 'csv', rows: 'id\n1\n2\n', location: { file: 'u.yml', line: 10 }, rowLocations: [] },
      { csv: new Map(), sql: new Map() },
      'x',
    );
    expect(f.format !== 'sql' && f.rows.map((r) => r.location.line)).toEqual([12, 13]);
  });

  it('a fixture that is not there names the file it looked for', () => {
    expect(() =>
      resolveFixture(
        { format: 'csv', fixture: 'nope', location: { file: 'u.yml', line: 4 }, rowLocations: [] },
        { csv: new Map([['nop', { path: 'tests/fixtures/nop.csv', contents: 'a\n' }]]), sql: new Map() },
        'x',
      ),
    ).toThrow("x: fixture 'nope' is not a file tests/fixtures/nope.csv");
  });

  it('typed literal rows: unnamed columns NULL, quotes doubled', () => {
    expect(
      rowsSql(
        [
          { name: 'id', type: 'integer' },
          { name: 'n', type: 'text' },
        ],
        [{ values: { n: "o'k" }, location: { file: 'x' } }],
      ),
    ).toBe(`select cast(null as integer) as "id", cast('o''k' as text) as "n"`);
  });
});

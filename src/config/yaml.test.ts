import { describe, expect, it } from 'vitest';
import { TsmodelError } from '../errors/index.js';
import { parseYamlDocument } from './yaml.js';

const TEXT = `version: 2
models:
  - name: orders
    description: "All orders"
    columns:
      - name: id
        tests: [unique, not_null]
      - name: status
base: &base
  materialized: view
derived:
  <<: *base
  schema: x
`;

function yamlErrorOf(text: string): TsmodelError {
  try {
    parseYamlDocument(text, 'models/schema.yml');
  } catch (err) {
    expect(err).toBeInstanceOf(TsmodelError);
    return err as TsmodelError;
  }
  throw new Error('expected a YAML error');
}

describe('parseYamlDocument', () => {
  const doc = parseYamlDocument(TEXT, 'models/schema.yml');

  it('returns the plain value', () => {
    expect(doc.value).toMatchObject({
      version: 2,
      models: [{ name: 'orders', columns: [{ name: 'id' }, { name: 'status' }] }],
    });
    expect((doc.value as { derived: unknown }).derived).toEqual({ materialized: 'view', schema: 'x' });
  });

  it('locates keys by path (1-based)', () => {
    expect(doc.locate(['version'])).toEqual({ file: 'models/schema.yml', line: 1, column: 1 });
    expect(doc.locate(['models', 0, 'description'])).toEqual({ file: 'models/schema.yml', line: 4, column: 5 });
    expect(doc.locate(['models', 0, 'columns', 1, 'name'])).toEqual({ file: 'models/schema.yml', line: 8, column: 9 });
  });

  it('locates sequence items at their value', () => {
    expect(doc.locate(['models', 0])).toMatchObject({ line: 3, column: 5 });
    expect(doc.locate(['models', 0, 'columns', 0, 'tests', 1])).toMatchObject({ line: 7, column: 25 });
    expect(doc.locate(['models', '0', 'columns', '0'])).toMatchObject({ line: 6, column: 9 });
  });

  it('locates values with locateValue', () => {
    expect(doc.locateValue(['version'])).toMatchObject({ line: 1, column: 10 });
    expect(doc.locateValue(['models', 0, 'description'])).toMatchObject({ line: 4, column: 18 });
  });

  it('falls back to the nearest existing parent', () => {
    expect(doc.locate(['models', 0, 'columns', 1, 'tests'])).toMatchObject({ line: 8, column: 9 });
    expect(doc.locate(['models', 7, 'name'])).toMatchObject({ line: 2, column: 1 });
    expect(doc.locate(['nope'])).toMatchObject({ line: 1, column: 1 });
    expect(doc.locate([])).toMatchObject({ line: 1, column: 1 });
  });

  it('follows merge keys and aliases', () => {
    expect(doc.locate(['derived', 'schema'])).toMatchObject({ line: 13, column: 3 });
    expect(doc.locate(['derived', 'materialized'])).toMatchObject({ line: 10, column: 3 });
  });

  it('reads an empty file as null', () => {
    const empty = parseYamlDocument('', 'empty.yml');
    expect(empty.value).toBeNull();
    expect(empty.locate(['a'])).toEqual({ file: 'empty.yml', line: 1, column: 1 });
  });

  it('reports bad indentation with the line', () => {
    const err = yamlErrorOf('version: 2\nmodels:\n  - name: a\n    description: x\n   columns: []\n');
    expect(err.code).toBe('yaml');
    expect(err.message).toMatch(/^invalid YAML: bad indentation/);
    expect(err.location).toMatchObject({ file: 'models/schema.yml', line: 5 });
    expect(err.hint).toBeTruthy();
  });

  it('reports a mapping entry indented under a scalar value', () => {
    const err = yamlErrorOf('name: a\n  profile: b\n');
    expect(err.message).toContain('bad indentation of a mapping entry');
    expect(err.location?.line).toBe(1);
  });

  it('reports an unclosed quote, tabs and duplicate keys', () => {
    expect(yamlErrorOf("a: 'x\nb: 1\n").message).toContain('missing closing');
    expect(yamlErrorOf('a:\n\t- b\n')).toMatchObject({
      message: expect.stringContaining('tabs'),
      location: { line: 2 },
    });
    const dup = yamlErrorOf('a: 1\nb: 2\na: 3\n');
    expect(dup.message).toBe("invalid YAML: duplicate key 'a'");
    expect(dup.location).toMatchObject({ line: 3, column: 1 });
  });

  it('names the whole duplicate key, plain, quoted or in a flow mapping', () => {
    expect(yamlErrorOf('models:\n  - name: a\n    description: x\n    description: y\n')).toMatchObject({
      message: "invalid YAML: duplicate key 'description'",
      location: { line: 4, column: 5 },
    });
    expect(yamlErrorOf('"my key": 1\n"my key": 2\n').message).toBe("invalid YAML: duplicate key 'my key'");
    expect(yamlErrorOf('m: {name: a, name: b}\n').message).toBe("invalid YAML: duplicate key 'name'");
    expect(yamlErrorOf('url:x: 1\nurl:x: 2\n').message).toBe("invalid YAML: duplicate key 'url:x'");
  });

  it('reports several documents and unknown aliases', () => {
    expect(yamlErrorOf('a: 1\n---\nb: 2\n').message).toContain('several YAML documents');
    expect(yamlErrorOf('a: *nope\n').code).toBe('yaml');
  });

  // How fast: npm run bench (compile section, the schema YAML of thousands of models); no clock here.
  it('locates nodes deep in large files', () => {
    const lines = ['models:'];
    for (let i = 0; i < 5000; i++) lines.push(`  - name: m${i}`, `    columns:`, `      - name: c${i}`);
    const big = parseYamlDocument(lines.join('\n'), 'big.yml');
    expect(big.locate(['models', 4999, 'name'])).toMatchObject({ line: 2 + 4999 * 3, column: 5 });
    expect(big.locate(['models', 2500, 'columns', 0, 'name'])).toMatchObject({ line: 4 + 2500 * 3, column: 9 });
  });
});

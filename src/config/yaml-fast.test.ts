import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeSyntheticProject } from '../../bench/synthetic-project.js';
import { parseFastYaml } from './yaml-fast.js';
import { libraryDocument, parseYamlDocument, type YamlDocument, type YamlPath } from './yaml.js';

const root = join(import.meta.dirname, '..', '..');
const tmp = mkdtempSync(join(tmpdir(), 'yaml-fast-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function yamlFiles(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name === '.git' || e.name === 'target' || e.name === 'dist') continue;
    const abs = join(dir, e.name);
    if (e.isDirectory()) yamlFiles(abs, out);
    else if (/\.ya?ml$/.test(e.name)) out.push(abs);
  }
  return out;
}

/** Every path to a key, item or value of `value`, and one missing key and index under each. */
function paths(value: unknown, path: YamlPath = [], out: YamlPath[] = []): YamlPath[] {
  out.push(path);
  if (Array.isArray(value)) {
    value.forEach((v, i) => paths(v, [...path, i], out));
    out.push([...path, value.length], [...path, String(value.length - 1)]);
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) paths(v, [...path, k], out);
    out.push([...path, 'no such key', 'x']);
  } else {
    out.push([...path, 'below a scalar']);
  }
  return out;
}

function attempt(read: () => YamlDocument): YamlDocument | string {
  try {
    return read();
  } catch (err) {
    return String(err);
  }
}

const handWritten = [
  'a: 1\nb: -1\nc: 007\nd: 1.5\ne: 0x1F\nf: .inf\ng: ~\nh: null\ni: TRUE\nj: yes\nk: 2020-01-01\n',
  "a:\n- x\n- y\nb:\n  - [a, \"b c\", 'd''e']\n  - []\n  -  [ ]\n",
  'k:   # a comment\n  n: v # another\n\n# last\n',
  'a: b: c\n',
  'a:\n  b\n  c\n',
  'a: "unclosed\n  still"\n',
  'a: 1\na: 2\n',
  'x: &anchor 1\ny: *anchor\n',
  '<<: {a: 1}\n',
  'a: |\n  text\n',
  '- a\n- - b\n',
  '- name: x\n  tests: [not_null]\n- name: y\n',
  'list:\n- name: a\n  cols:\n  - c1\n  - c2\nnext: z\n',
  '"quoted key": v\n\'k2\': "v2"\n',
  'a: [b, c\n',
  'a: [b, c,]\n',
  'a:\n    b: 1\n  c: 2\n',
  'just a scalar\n',
  '',
  '# only a comment\n',
  'a: 1\n---\nb: 2\n',
  'a: x #not-a-comment-start\nb: x#y\n',
  'key with spaces: value with spaces\n',
  '__proto__: 1\n',
  'a: "x \\" y"\n',
  '1: one\ntrue: t\n',
  'a:\n- b:\n  - c\n',
  'e: \n',
  'c: {a: 1, b: [x, {y: "z"}], \'q k\': { }, e: []}\nd: { name: Analytics team }\n',
  'c: {a: 1, a: 2}\n',
  'c: {a:1}\n',
  'c: [a:b]\n',
  'c: {a: [1, 2}\n',
  'c: {1: x}\n',
  'c: {a: b, }\n',
  '- {a: 1}\n- [b]\n',
  'a: [x]#\n',
  'a: "x"#\n',
  "a: 'x'#c\n",
  'a: [x] # c\nb: "y" # d\n',
];

/** `text` with one edit at a random place: a YAML token inserted, characters deleted, or one replaced. */
const TOKENS = [
  ' ',
  '\n',
  ':',
  '- ',
  '#',
  '"',
  "'",
  '[',
  ']',
  '{',
  '}',
  ',',
  'x',
  '1',
  '~',
  '&a ',
  '*a',
  '? ',
  '|',
  '!',
];
function mutate(text: string, random: () => number): string {
  const at = Math.floor(random() * text.length);
  const token = TOKENS[Math.floor(random() * TOKENS.length)]!;
  const op = random();
  if (op < 0.4) return text.slice(0, at) + token + text.slice(at);
  if (op < 0.7) return text.slice(0, at) + text.slice(at + 1 + Math.floor(random() * 3));
  return text.slice(0, at) + token + text.slice(at + 1);
}

describe('the fast YAML reader', async () => {
  writeSyntheticProject(join(tmp, 'synth'), { models: 60 });
  writeSyntheticProject(join(tmp, 'wide'), { models: 30, shape: 'wide', seed: 7 });
  const files = [...yamlFiles(root), ...yamlFiles(join(tmp, 'synth')), ...yamlFiles(join(tmp, 'wide'))];
  const corpus = [...files.map((f) => readFileSync(f, 'utf8')), ...handWritten];

  it(`reads ${corpus.length} documents as the yaml library does, or leaves them to it`, () => {
    let fast = 0;
    for (const text of corpus) {
      const lib = attempt(() => libraryDocument(text, 'f.yml'));
      if (!parseFastYaml(text)) continue;
      fast++;
      expect(typeof lib, text).toBe('object');
      const ours = parseYamlDocument(text, 'f.yml');
      const theirs = lib as YamlDocument;
      expect(ours.value, text).toStrictEqual(theirs.value);
      for (const path of paths(theirs.value)) {
        expect(ours.locate(path), `${text}\n${path.join('.')}`).toEqual(theirs.locate(path));
        expect(ours.locateValue(path), `${text}\n${path.join('.')}`).toEqual(theirs.locateValue(path));
      }
    }
    // The synthetic project's schema files and most of the repository's take the fast path.
    expect(fast).toBeGreaterThan(60);
  });

  it('agrees with the library on 3,000 damaged copies of those documents, or leaves them to it', () => {
    let seed = 12345;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const sources = corpus.filter((text) => parseFastYaml(text) !== undefined);
    let fast = 0;
    for (let i = 0; i < 3000; i++) {
      const text = mutate(sources[Math.floor(random() * sources.length)]!, random);
      if (!parseFastYaml(text)) continue;
      fast++;
      const lib = attempt(() => libraryDocument(text, 'f.yml'));
      expect(typeof lib, text).toBe('object');
      expect(parseYamlDocument(text, 'f.yml').value, text).toStrictEqual((lib as YamlDocument).value);
    }
    expect(fast).toBeGreaterThan(1000);
  });

  it('leaves what it does not read exactly to the library (errors, anchors, numbers, block scalars)', () => {
    const left = ['a: b: c\n', 'a:\n  b\n  c\n', 'a: 1\na: 2\n', 'x: &anchor 1\ny: *anchor\n', 'a: |\n  text\n'];
    const flows = ['c: {a: 1, a: 2}\n', 'c: {a: [1, 2}\n', 'c: {1: x}\n', 'c: {a: b, }\n'];
    for (const text of [...left, ...flows, 'c: 007\n', 'just a scalar\n', 'a: [b, c\n', '1: one\n']) {
      expect(parseFastYaml(text), text).toBeUndefined();
    }
  });
});

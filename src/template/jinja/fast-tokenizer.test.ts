import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCases } from '../parity/cases.js';
import { fastTokenizer } from './fast-tokenizer.js';
import { lexer } from './parser-base.js';

interface Lexer {
  nextToken(): unknown;
  index: number;
  lineno: number;
  colno: number;
  in_code: boolean;
}

/** Every token with the cursor after it, until the end (or the error the tokenizer throws). */
function tokens(t: Lexer): unknown[] {
  const out: unknown[] = [];
  try {
    for (let tok = t.nextToken(); tok; tok = t.nextToken()) out.push([tok, t.index, t.lineno, t.colno, t.in_code]);
  } catch (err) {
    out.push(['error', String(err)]);
  }
  return out;
}

function sqlFiles(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const abs = join(dir, e.name);
    if (e.isDirectory()) sqlFiles(abs, out);
    else if (e.name.endsWith('.sql')) out.push(readFileSync(abs, 'utf8'));
  }
  return out;
}

const root = join(import.meta.dirname, '..', '..', '..');
const corpus = [
  ...loadCases(join(root, 'src/template/parity/cases')).flatMap((c) => [c.template, ...Object.values(c.macros ?? {})]),
  ...sqlFiles(join(root, 'models')),
  ...sqlFiles(join(root, 'macros')),
  ...sqlFiles(join(root, 'src/template/macros')),
  '',
  'no tags at all\n',
  'a\r\nb {{ x }}\r\n{%- if y -%}\n  z\n{% endif %}',
  '{# unclosed comment',
  'text #} stray end',
  '{{ \'é€😀\' ~ "\\n" }}\n{{ 12.5 }} {{ r/ab\\/c/gi }}',
  '{{ x }}\n\n\n{% raw %}{{ y }}{% endraw %}',
  'ends in a tag {{',
  '{% set a = [1, 2] %}{{ a | join(",") }}   ',
];

describe('fastTokenizer', () => {
  it(`reads ${corpus.length} templates into the same tokens, lines and columns as nunjucks' tokenizer`, () => {
    expect(corpus.length).toBeGreaterThan(300);
    for (const source of corpus) {
      const fast = tokens(fastTokenizer(source) as Lexer);
      const slow = tokens(lexer.lex(source, {}) as unknown as Lexer);
      expect(fast, source).toEqual(slow);
    }
  });
});

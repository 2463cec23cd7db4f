import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CallLines, lineOfCall } from './sql-node.js';

/** Every .sql file under a folder. */
function sqlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.sql'))
    .map((e) => join(e.parentPath, e.name));
}

/** The calls a text might be asked about: every quoted word after ref( / source(, alone and in pairs. */
function questions(text: string): ['ref' | 'source', ...string[]][] {
  const words = [...text.matchAll(/['"]([^'"]*)['"]/g)].map((m) => m[1]!);
  const out: ['ref' | 'source', ...string[]][] = [];
  for (const [i, w] of words.entries()) {
    out.push(['ref', w], ['source', w, words[i + 1] ?? 'x']);
    if (i > 0) out.push(['source', words[i - 1]!, w]);
  }
  return [...out, ['ref', 'missing'], ['source', 'a', 'missing']];
}

const TRICKY = [
  `select * from {{ ref('a') }} join {{ ref("pkg", 'b') }} on true`,
  `{{ ref ( 'a' ) }}\n{{ xref('a') }}\n{{ ref('b', 'a') }}`,
  `{{ source('s', 't') }}\n{{ source('proj', 's', 't') }}\n{{ resource('s', 'u') }}`,
  `{{ ref('ref(', 'x') }} {{ ref('x') }}\n{{ source('s','t' , 'u') }}`,
  `{{ ref("it's") }}\n{{ ref('a.b*c') }}\n-- ref('commented')\n{{ source('s', "t") }}`,
  `{{ ref(\n  'multi',\n  'line'\n) }}\n{{ source(\n's',\n't') }}`,
  `{{ ref('') }} {{ source('', '') }} {{ ref('a', '') }}`,
];

describe('CallLines: the line of each ref/source call, read in one pass', () => {
  it.each(TRICKY)('finds what the per-call pattern finds in %j', (text) => {
    const calls = new CallLines(text);
    const checked = questions(text).map(([fn, ...args]) => [calls.line(fn, ...args), lineOfCall(text, fn, ...args)]);
    for (const [fast, slow] of checked) expect(fast).toBe(slow);
    expect(checked.some(([, slow]) => slow !== undefined)).toBe(true);
  });

  it('agrees with the per-call pattern on every model, test and analysis of the example project', () => {
    const root = join(import.meta.dirname, '../..');
    const files = ['models', 'tests', 'analyses', 'macros'].flatMap((d) => sqlFiles(join(root, d)));
    expect(files.length).toBeGreaterThan(10);
    let found = 0;
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      const calls = new CallLines(text);
      for (const [fn, ...args] of questions(text)) {
        const slow = lineOfCall(text, fn, ...args);
        expect(calls.line(fn, ...args), `${f}: ${fn}(${args.join(', ')})`).toBe(slow);
        if (slow !== undefined) found++;
      }
    }
    expect(found).toBeGreaterThan(10);
  });
});

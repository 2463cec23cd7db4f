import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createJinjaEnvironment } from './environment.js';
import { JinjaTemplate } from './template.js';

/*
 * Every expected output and error message in __fixtures__/parity-cases.json was produced by Jinja2 3.1.6
 * itself, configured as dbt configures it: SandboxedEnvironment(extensions=['jinja2.ext.do',
 * 'jinja2.ext.loopcontrols']), default whitespace settings, default Undefined (env.from_string(src).render(**ctx)).
 */

interface Case {
  src: string;
  ctx: Record<string, unknown>;
  out?: string;
  error?: string;
}

const { groups } = JSON.parse(readFileSync(new URL('./__fixtures__/parity-cases.json', import.meta.url), 'utf8')) as {
  groups: Record<string, Case[]>;
};

const env = createJinjaEnvironment();
const render = (c: Case) => new JinjaTemplate(c.src, env, 't.sql').render(c.ctx);

describe.each(Object.entries(groups))('Jinja2 parity: %s', (_title, cases) => {
  it.each(cases.map((c) => [c.src, c] as const))('%s', (_src, c) => {
    if (c.error === undefined) expect(render(c)).toBe(c.out);
    else expect(() => render(c)).toThrow(c.error);
  });
});

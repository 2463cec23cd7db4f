import nunjucks from 'nunjucks';
import { describe, expect, it } from 'vitest';
import { createJinjaEnvironment } from './environment.js';
import { JinjaTemplate } from './template.js';

describe('our Jinja behaviour is local to our templates', () => {
  it('a plain nunjucks Environment still behaves as stock nunjucks after ours has compiled and rendered', () => {
    const ours = new JinjaTemplate(
      "{{ [1, 2] + [3] }}|{% if [] %}T{% else %}F{% endif %}|{{ true }}|{{ [1, 2, 3][1:] }}|{{ 'a' ~ none }}",
      createJinjaEnvironment(),
      'ours.sql',
    );
    // Jinja2 prints these as: [1, 2, 3]|F|True|[2, 3]|aNone
    expect(ours.render()).toBe('[1, 2, 3]|F|True|[2, 3]|aNone');

    const plain = new nunjucks.Environment();
    // Stock nunjucks: JavaScript's + joins arrays into a string, [] is truthy, booleans print in lower case.
    expect(plain.renderString('{{ [1, 2] + [3] }}|{% if [] %}T{% else %}F{% endif %}|{{ true }}', {})).toBe(
      '1,23|T|true',
    );
    // Stock nunjucks has no slices unless installJinjaCompat() was called (we never call it).
    expect(() => plain.renderString('{{ [1, 2, 3][1:] }}', {})).toThrow();
    // And its template class compiles with its own compiler: none of our runtime helpers appear in its code.
    const { compiler } = nunjucks as unknown as {
      compiler: { compile(src: string, a: [], e: [], name: string): string };
    };
    const code = compiler.compile('{{ a + b }}{% if x %}{% endif %}', [], [], 'plain');
    expect(code).not.toMatch(/runtime\.(add|truthy|lookup)\(/);
    expect(code).toContain(' + ');
  });

  it('two Renderers do not share macros or globals', () => {
    const a = createJinjaEnvironment();
    const b = createJinjaEnvironment();
    (a as unknown as { globals: Record<string, unknown> }).globals.only_a = 'A';
    expect(new JinjaTemplate('{{ only_a }}', a, 'a.sql').render()).toBe('A');
    expect(new JinjaTemplate('[{{ only_a }}]', b, 'b.sql').render()).toBe('[]');
  });
});

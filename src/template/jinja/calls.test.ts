import { describe, expect, it } from 'vitest';
import { createJinjaEnvironment } from './environment.js';
import { JinjaTemplate } from './template.js';

const render = (src: string, ctx: Record<string, unknown>) =>
  new JinjaTemplate(src, createJinjaEnvironment(), 'calls.sql').render(ctx);

describe('calling JavaScript functions of the context', () => {
  it('passes keyword arguments as a last object marked __keywords, and integral floats as numbers', () => {
    const seen: unknown[][] = [];
    const fn = (...args: unknown[]) => {
      seen.push(args);
      return 'ok';
    };
    expect(render("{{ f(1, 2.0, 'x', flag=true) }}", { f: fn })).toBe('ok');
    const [args] = seen;
    expect(args!.slice(0, 3)).toEqual([1, 2, 'x']);
    expect(typeof args![1]).toBe('number');
    expect(args![3]).toEqual({ flag: true });
    expect(Object.prototype.hasOwnProperty.call(args![3], '__keywords')).toBe(true);
  });

  it('spreads *args and **kwargs into the call', () => {
    const fn = (...args: unknown[]) => JSON.stringify(args);
    expect(render("{{ f(*[1, 2], **{'k': 'v'}) }}", { f: fn })).toBe('[1,2,{"k":"v"}]');
  });

  it('binds methods of class instances to their object; hides JavaScript built-ins of lists and functions', () => {
    class Rel {
      constructor(readonly name: string) {}
      quoted(): string {
        return `"${this.name}"`;
      }
    }
    const cfg = Object.assign(() => '', { get: (k: unknown) => `got ${String(k)}` });
    expect(render("{{ r.quoted() }} {{ cfg.get('a') }}", { r: new Rel('t'), cfg })).toBe('"t" got a');
    // Jinja2: a list has no attribute 'map', a function none named 'call'.
    expect(render('[{{ [1].map }}][{{ cfg.call }}]', { cfg })).toBe('[][]');
    expect(() => render('{{ [1].map(x) }}', {})).toThrow("'list object' has no attribute 'map'");
  });

  it('an undefined name called from a macro is reported with the macro and the call chain', () => {
    let caught: unknown;
    try {
      render('{% macro m() %}\n{{ nope() }}{% endmacro %}\n{{ m() }}', {});
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(Error);
    expect((caught as Error).message).toBe("'nope' is undefined");
    expect((caught as { frames: unknown[] }).frames).toEqual([
      { file: 'calls.sql', line: 2, macro: 'm' },
      { file: 'calls.sql', line: 3 },
    ]);
  });
});

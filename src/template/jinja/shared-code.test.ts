import { describe, expect, it } from 'vitest';
import { TsmodelError } from '../../errors/index.js';
import { Renderer } from '../renderer.js';

/** Renders and returns the output, or the error's message and location. */
function attempt(r: Renderer, file: string, source: string): unknown {
  try {
    return r.render(file, source, {});
  } catch (err) {
    if (!(err instanceof TsmodelError)) throw err;
    return { message: err.message.split('\n')[0], file: err.location?.file, line: err.location?.line };
  }
}

describe('templates of one shape (one shared function)', () => {
  it('render their own text and literals, and fail at their own file and line', () => {
    const r = new Renderer([]);
    const shape = (name: string, text: string) =>
      `select {{ '${name}' }} as n, {{ "${text}" ~ 'x' }}\n-- ${text}\n{{ x.y.z }}{{ '${name}' | upper }}`;
    const a = attempt(r, 'models/a.sql', shape('a', 'one').replace('{{ x.y.z }}', ''));
    const b = attempt(r, 'models/b.sql', shape('bb', 'two').replace('{{ x.y.z }}', ''));
    expect(a).toBe('select a as n, onex\n-- one\nA');
    expect(b).toBe('select bb as n, twox\n-- two\nBB');
    const c = attempt(r, 'models/c.sql', shape('c', 'three'));
    const d = attempt(r, 'models/sub/d.sql', shape('d', 'four'));
    expect(c).toMatchObject({ file: 'models/c.sql', line: 3 });
    expect(d).toMatchObject({ file: 'models/sub/d.sql', line: 3 });
    // A macro defined in a template: its error names the template's file, at the call's line (as before).
    const macro = (file: string) =>
      attempt(r, file, `{% macro m() %}\n{{ x.y.z }}\n{% endmacro %}{{ '${file}' }}{{ m() }}`);
    expect(macro('models/e.sql')).toMatchObject({ file: 'models/e.sql', line: 3 });
    expect(macro('models/f.sql')).toMatchObject({ file: 'models/f.sql', line: 3 });
  });
});

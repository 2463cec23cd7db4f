import { describe, expect, it } from 'vitest';
import { BUILTIN_TEST_MACROS } from '../test-catalog/index.js';
import { BUILTIN_MACROS } from './builtin-macros.js';
import { Renderer, type MacroFile } from './renderer.js';
import { modelContext } from './test-support/model-context.js';

/** tsmodel's own macro files compile on first use: the same macros, the same output, errors when used. */
const BUILTIN: readonly MacroFile[] = [...BUILTIN_MACROS, ...BUILTIN_TEST_MACROS];
/** The same files under paths outside `<builtin>/`: compiled when the renderer is made, as a project's are. */
const EAGER: readonly MacroFile[] = BUILTIN.map((f) => ({ ...f, path: f.path.replace('<builtin>/', 'eager/') }));

const listed = (r: Renderer) =>
  [...r.macros.values()].map((m) => `${m.name} ${m.path.replace('<builtin>/', 'eager/')}:${m.line}`).sort();

describe('built-in macros compiled on first use', () => {
  it('registers exactly the macros compiling every file would, at the same lines', () => {
    const lazy = new Renderer(BUILTIN, { project: 'shop' });
    const eager = new Renderer(EAGER, { project: 'shop' });
    expect(lazy.errors).toEqual([]);
    expect(eager.errors).toEqual([]);
    expect(listed(lazy).length).toBeGreaterThan(50);
    expect(listed(lazy)).toEqual(listed(eager));
  });

  it('renders the same SQL and reads the same parameters', () => {
    const template = `{{ snapshot_key_eq('t', 's', ['a', 'b']) }} | {{ dbt.dateadd('day', 3, 'd') }}
| {{ dbt.type_string() }} | {{ snapshot_current_index({'unique_key': ['k'], 'cols': {'valid_to': 'v'},
'names': {'current_index': 'i'}, 'target': 't'}) }}`;
    const out = (files: readonly MacroFile[]) => {
      const r = new Renderer(files, { project: 'shop' });
      const meta = r.macroMeta('snapshot_key_eq');
      return { sql: r.render('models/m.sql', template, modelContext(r)), params: meta?.params, name: meta?.name };
    };
    const lazy = out(BUILTIN);
    expect(lazy).toEqual(out(EAGER));
    expect(lazy.sql).toContain('t."a" = s."a" and t."b" = s."b"');
    expect(lazy.name).toBe('snapshot_key_eq');
    expect(lazy.params).toEqual(['a', 'b', 'keys']);
  });

  it('compiles a file only when one of its macros is used, and reports its error then', () => {
    const broken: MacroFile = {
      path: '<builtin>/broken.sql',
      builtin: true,
      source: '{% macro broken() %}{{ 1 + }}{% endmacro %}',
    };
    const r = new Renderer([...BUILTIN, broken], { project: 'shop' });
    expect(r.errors).toEqual([]);
    expect(r.hasMacro('broken')).toBe(true);
    expect(r.render('models/m.sql', '{{ dbt.type_string() }}', modelContext(r))).toBe('TEXT');
    let thrown: unknown;
    try {
      r.render('models/m.sql', '{{ broken() }}', modelContext(r));
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toMatchObject({
      message: expect.stringMatching(/unexpected '}}'/),
      location: { file: '<builtin>/broken.sql', line: 1 },
    });
  });
});

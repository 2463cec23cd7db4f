import { describe, expect, it } from 'vitest';
import { DBT_FUNCTIONS } from './dbt-functions.js';
import { createJinjaEnvironment } from './jinja/environment.js';
import { JinjaTemplate } from './jinja/template.js';

// Expected values come from Python 3 (json.dumps, yaml.safe_dump, hashlib.md5, str(set)), which dbt calls.
const render = (src: string) => new JinjaTemplate(src, createJinjaEnvironment(), 't.sql').render({ ...DBT_FUNCTIONS });

describe("dbt's context helpers", () => {
  it('tojson is json.dumps, keys in order unless sort_keys', () => {
    const d = "{'b': 1, 'a': [1, 'x', none, true, 1.5]}";
    expect(render(`{{ tojson(${d}) }}`)).toBe('{"b": 1, "a": [1, "x", null, true, 1.5]}');
    expect(render(`{{ tojson(${d}, sort_keys=true) }}`)).toBe('{"a": [1, "x", null, true, 1.5], "b": 1}');
    expect(render("{{ tojson('é<') }}")).toBe('"\\u00e9<"');
  });

  it('fromjson parses, and gives the default on bad input', () => {
    expect(render('{{ fromjson(\'[1, {"a": null}]\') }}')).toBe("[1, {'a': None}]");
    expect(render("{{ fromjson('{bad', 'dflt') }}")).toBe('dflt');
  });

  it('toyaml writes block YAML as yaml.safe_dump does; fromyaml reads it back', () => {
    expect(render("{{ toyaml({'a': 1, 'b': [1, 2], 'c': {'d': 'x y'}}) }}")).toBe('a: 1\nb:\n- 1\n- 2\nc:\n  d: x y\n');
    expect(render("{{ fromyaml('a: [1, 2]') }}")).toBe("{'a': [1, 2]}");
  });

  it('local_md5 and set', () => {
    expect(render("{{ local_md5('abc') }}")).toBe('900150983cd24fb0d6963f7d28e17f72');
    expect(render('{{ set([1, 1, 2]) }} {{ set([1, 1, 2]) | length }} {{ 2 in set([2]) }}')).toBe('{1, 2} 2 True');
    expect(render("{{ set(5, default='none') }}")).toBe('none');
    expect(() => render('{{ set_strict(5) }}')).toThrow(/not iterable/);
  });
});

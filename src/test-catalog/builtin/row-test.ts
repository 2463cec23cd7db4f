/**
 * The macros of a row-level test: a predicate macro (true for a failing row)
 * and the test macro selecting the rows it is true for. Both the test run
 * alone and the shared-scan batch use that one predicate, so they count the
 * same rows by construction.
 */
export function rowTestMacros(
  name: string,
  params: readonly { name: string; default?: string }[],
  predicate: string,
): { macros: string; predicateMacro: string } {
  const predicateMacro = `tsmodel_predicate_${name}`;
  const signature = params.map((p) => (p.default === undefined ? p.name : `${p.name}=${p.default}`)).join(', ');
  const forward = params.map((p) => `${p.name}=${p.name}`).join(', ');
  const macros = `{% test ${name}(model, ${signature}) %}
select *
from {{ model }}
where {{ ${predicateMacro}(${forward}) }}
{% endtest %}

{% macro ${predicateMacro}(${signature}) -%}
${predicate}
{%- endmacro %}
`;
  return { macros, predicateMacro };
}

export function isBlank(v: unknown): boolean {
  return v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
}

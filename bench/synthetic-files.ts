/**
 * The texts of a synthetic benchmark project (see synthetic-project.ts): each model's SQL, the schema.yml
 * of a folder, the shared macros. Pure functions of a model's spec and the options.
 */
export interface SyntheticOptions {
  /** Number of models. */
  models: number;
  shape?: 'layered' | 'wide';
  /** Random seed (default 1). */
  seed?: number;
  /** Number of raw source tables (default: min(20, ceil(models / 25)), at least 1). */
  sources?: number;
  /** Rows in each source table (default 100). */
  rowsPerSource?: number;
  /** wide shape: rows multiplied in each model (cross join with generate_series), i.e. how much work each does (default 200). */
  workFactor?: number;
  /** Project name (default "bench"). */
  name?: string;
}

/** The options with every default filled in. */
export type FullOptions = Required<Omit<SyntheticOptions, 'name'>>;

export interface ModelSpec {
  name: string;
  layer: 'staging' | 'intermediate' | 'marts';
  domain: string;
  materialized: 'view' | 'table';
  upstream: string[];
  source?: string;
}

export const MACROS = `{#- Shared helpers of the synthetic benchmark project. -#}

{#- Money: rounded to cents. -#}
{% macro to_amount(col) -%}
round(({{ col }})::numeric, 2)
{%- endmacro %}

{#- Categories: trimmed and lower-cased; missing → 'unknown'. -#}
{% macro normalize_category(col) -%}
coalesce(nullif(lower(trim({{ col }})), ''), 'unknown')
{%- endmacro %}

{#- A safe ratio (NULL when the denominator is 0). -#}
{% macro safe_divide(a, b) -%}
({{ a }})::numeric / nullif(({{ b }})::numeric, 0)
{%- endmacro %}

{#- The later of two timestamps, NULL-tolerant. -#}
{% macro latest_of(a, b) -%}
greatest({{ a }}, {{ b }})
{%- endmacro %}
`;

export function modelSql(m: ModelSpec, opts: FullOptions, index: number): string {
  const config = `{{ config(materialized='${m.materialized}'${m.layer === 'marts' ? `, tags=['${m.domain}', 'mart']` : ''}) }}`;
  if (opts.shape === 'wide') {
    return `${config}
-- ${m.name}: the same real work on every model, independent of the others.
select
  s.customer_id as id,
  s.customer_id,
  {{ to_amount('sum(s.amount * g.n) / count(*)') }} as amount,
  {{ normalize_category('min(s.category)') }} as category,
  max(s.created_at) as created_at
from {{ source('raw', '${m.source}') }} as s
cross join generate_series(1, {{ var('work_factor', ${opts.workFactor}) }}) as g(n)
group by s.customer_id
`;
  }
  if (m.layer === 'staging') {
    return `${config}
-- ${m.name}: typed and cleaned rows of raw.${m.source}.
select
  id,
  customer_id,
  {{ to_amount('amount') }} as amount,
  {{ normalize_category('category') }} as category,
  created_at
from {{ source('raw', '${m.source}') }}
where id is not null${index % 3 === 0 ? `\n  and created_at >= timestamp '{{ var("start_date", "2020-01-01") }}'` : ''}
`;
  }
  const [base, ...others] = m.upstream;
  const aggs = others.map(
    (u, i) => `agg_${i + 1} as (
  select customer_id, sum(amount) as amount, count(*) as orders, max(created_at) as created_at
  from {{ ref('${u}') }}
  group by customer_id
)`,
  );
  const ctes = [`base as (\n  select * from {{ ref('${base}') }}\n)`, ...aggs].join(',\n');
  const joins = others
    .map((_, i) => `left join agg_${i + 1} on agg_${i + 1}.customer_id = base.customer_id`)
    .join('\n');
  if (m.layer === 'intermediate') {
    const amount = others.length
      ? `base.amount + ${others.map((_, i) => `coalesce(agg_${i + 1}.amount, 0)`).join(' + ')}`
      : 'base.amount';
    const created = others.length
      ? `{{ latest_of('base.created_at', '${others.map((_, i) => `agg_${i + 1}.created_at`).join(', ')}') }}`
      : 'base.created_at';
    return `${config}
-- ${m.name}: ${m.upstream.join(', ')} joined on customer_id.
with ${ctes}
select
  base.id,
  base.customer_id,
  {{ to_amount("${amount}") }} as amount,
  base.category,
  ${created} as created_at
from base
${joins}
`;
  }
  const amount = others.length
    ? `sum(base.amount) + ${others.map((_, i) => `coalesce(max(agg_${i + 1}.amount), 0)`).join(' + ')}`
    : 'sum(base.amount)';
  return `${config}
-- ${m.name}: per customer and category, from ${m.upstream.join(', ')}.
with ${ctes}
select
  min(base.id) as id,
  base.customer_id,
  {{ to_amount("${amount}") }} as amount,
  {{ normalize_category('base.category') }} as category,
  max(base.created_at) as created_at
from base
${joins}
group by base.customer_id, {{ normalize_category('base.category') }}
having count(*) > 0
`;
}

const DESCRIBED: Record<ModelSpec['layer'], string> = {
  staging: 'Cleaned rows',
  intermediate: 'Joined and enriched rows',
  marts: 'Aggregated rows',
};

/** A model's description, as its schema.yml gives it. */
export function modelDescription(m: ModelSpec): string {
  const from = m.upstream.length ? ` (from ${m.upstream.join(', ')})` : '';
  return `${DESCRIBED[m.layer]} of the ${m.domain} domain${from}.`;
}

export function schemaYml(models: ModelSpec[]): { text: string; tests: number } {
  let tests = 0;
  const lines = ['version: 2', '', 'models:'];
  for (const m of models) {
    lines.push(`  - name: ${m.name}`);
    lines.push(`    description: "${modelDescription(m)}"`);
    lines.push('    columns:');
    lines.push('      - name: id');
    lines.push('        description: Row identifier, unique in this model.');
    lines.push('        tests: [not_null, unique]');
    lines.push('      - name: customer_id');
    lines.push('        description: The customer.');
    lines.push('        tests: [not_null]');
    lines.push('      - name: amount');
    lines.push('        description: Money, rounded to cents.');
    tests += 3;
  }
  return { text: `${lines.join('\n')}\n`, tests };
}

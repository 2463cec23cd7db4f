{#- Cleansing helpers of the production layer. Each documents its rule. -#}

{#- Names: trimmed, inner runs of spaces collapsed; a name written all in lower or all in upper
    case is capitalised ("  jOHN " stays mixed: "jOHN"; "JOHN" → "John"); mixed case such as
    "McKenzie" is kept as written. Empty → 'Unknown'. -#}
{% macro standardize_name(col) -%}
coalesce(nullif((case
  when regexp_replace(trim({{ col }}), '\s+', ' ', 'g') in (lower(regexp_replace(trim({{ col }}), '\s+', ' ', 'g')), upper(regexp_replace(trim({{ col }}), '\s+', ' ', 'g')))
  then initcap(regexp_replace(trim({{ col }}), '\s+', ' ', 'g'))
  else regexp_replace(trim({{ col }}), '\s+', ' ', 'g')
end), ''), 'Unknown')
{%- endmacro %}

{#- Optional text: trimmed; missing or empty → 'Unknown'. -#}
{% macro or_unknown(col) -%}
coalesce(nullif(trim({{ col }}), ''), 'Unknown')
{%- endmacro %}

{#- A timestamp from raw text, or NULL when it is not a real one ('2024-13-45', '2023-02-30 12:00:00', 'not a date').
    Works on PostgreSQL 15, which has no pg_input_is_valid(). -#}
{% macro safe_timestamp(col) -%}
(case when {{ col }} ~ '^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?$' then
  case when substr({{ col }}, 6, 2)::int between 1 and 12 then
    case when substr({{ col }}, 9, 2)::int between 1 and extract(day from (make_date(substr({{ col }}, 1, 4)::int, substr({{ col }}, 6, 2)::int, 1) + interval '1 month - 1 day'))::int
          and coalesce(nullif(substr({{ col }}, 12, 2), ''), '00')::int < 24
          and coalesce(nullif(substr({{ col }}, 15, 2), ''), '00')::int < 60
    then {{ col }}::timestamp end
  end
end)
{%- endmacro %}

{#- A number from raw text, or NULL when it is not one. -#}
{% macro safe_numeric(col) -%}
(case when trim({{ col }}) ~ '^[-+]?(\d+\.?\d*|\.\d+)$' then trim({{ col }})::numeric end)
{%- endmacro %}

{#- Payment methods: case, spaces, hyphens and known typos mapped to the canonical set;
    anything else becomes 'unknown' (kept, so revenue is not lost, and reported by the tests). -#}
{% macro canonical_payment_method(col) -%}
(case regexp_replace(lower(trim({{ col }})), '[\s_-]+', '', 'g')
  when 'creditcard' then 'credit_card'
  when 'debitcard' then 'debit_card'
  when 'paypal' then 'paypal'
  when 'paypall' then 'paypal'
  when 'banktransfer' then 'bank_transfer'
  when 'giftcard' then 'gift_card'
  when 'cashondelivery' then 'cash_on_delivery'
  when 'cod' then 'cash_on_delivery'
  else 'unknown'
end)
{%- endmacro %}

import { TsmodelError } from '../errors/index.js';
import { createProfileRenderer } from './render.js';
import type { Env } from './types.js';
import type { YamlDocument } from './yaml.js';

/**
 * Top-level keys of the project file not rendered when it is read: vars and
 * run hooks wait for run time (as in dbt); the resource trees (models:,
 * seeds:, …) are rendered node by node when the project is parsed, hooks
 * inside them left for run time.
 */
const RENDERED_LATER = new Set([
  'vars',
  'on-run-start',
  'on-run-end',
  'query-comment',
  'models',
  'seeds',
  'snapshots',
  'tests',
  'data_tests',
  'sources',
  'analyses',
  'unit_tests',
]);

function holdsTags(value: unknown): boolean {
  if (typeof value === 'string') return /\{[{%]/.test(value);
  if (Array.isArray(value)) return value.some(holdsTags);
  if (value && typeof value === 'object') return Object.values(value).some(holdsTags);
  return false;
}

/**
 * Renders the Jinja of the project file's other values, as dbt renders
 * dbt_project.yml when it reads it: `profile: "{{ env_var('DBT_PROFILE', 'shop') }}"`,
 * `target-path: "{{ var('out', 'target') }}"`. env_var() reads the environment,
 * var() the --vars of the command line. A failure is an error at the key's line.
 */
export function renderProjectValues(
  raw: Record<string, unknown>,
  doc: YamlDocument,
  file: string,
  opts: { env: Env; vars?: Readonly<Record<string, unknown>> },
): { value: Record<string, unknown>; errors: TsmodelError[] } {
  const errors: TsmodelError[] = [];
  if (!holdsTags(raw)) return { value: raw, errors };
  const renderer = createProfileRenderer(opts.env, opts.vars ?? {});
  const value: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(raw)) {
    if (RENDERED_LATER.has(key) || !holdsTags(v)) {
      value[key] = v;
      continue;
    }
    const r = renderer.render(v);
    value[key] = r.value;
    const problem = r.error
      ? r.error
      : r.missing.length > 0
        ? `environment variable '${r.missing[0]}' is not set and env_var() was given no default`
        : r.missingVars.length > 0
          ? `variable '${r.missingVars[0]}' is not set and var() was given no default`
          : undefined;
    if (problem)
      errors.push(
        new TsmodelError('config', `${file}: cannot render \`${key}\`: ${problem}`, {
          location: doc.locate([key]),
          hint: r.error
            ? 'Fix the Jinja of this value.'
            : 'Set it (export the variable, or pass --vars), or give the call a default as its second argument.',
        }),
      );
  }
  return { value, errors };
}

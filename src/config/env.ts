import { parse } from 'yaml';
import { TsmodelError } from '../errors/index.js';
import { isMapping } from './check.js';
import type { Env } from './types.js';

/** A frozen copy of the environment: the only place the codebase reads process.env. */
export function readEnv(): Env {
  return Object.freeze({ ...process.env });
}

const VARS_HINT = `pass a YAML or JSON mapping, e.g. --vars '{key: value}' or --vars '{"start_date": "2024-01-01"}'`;

/** The CLI's --vars: a YAML (or JSON) mapping. An empty string is no vars. */
export function parseVarsArg(text: string): Record<string, unknown> {
  if (text.trim() === '') return {};
  let value: unknown;
  try {
    value = parse(text, { prettyErrors: false });
  } catch (err) {
    const detail = err instanceof Error ? err.message.split('\n')[0] : String(err);
    throw new TsmodelError('usage', `--vars is not valid YAML or JSON: ${detail}`, { hint: VARS_HINT, cause: err });
  }
  if (!isMapping(value)) {
    throw new TsmodelError(
      'usage',
      `--vars must be a mapping of names to values, got ${Array.isArray(value) ? 'a list' : `'${text.trim()}'`}`,
      {
        hint: VARS_HINT,
      },
    );
  }
  return value;
}

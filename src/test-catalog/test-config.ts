import { nearestName } from '../errors/index.js';
import { isDimension } from './dimensions.js';
import { parseThreshold, type Threshold } from './thresholds.js';
import { DIMENSIONS, type Dimension } from './types.js';

/** A test's config, checked: what the runner and the score need. */
export interface TestConfig {
  severity: 'error' | 'warn';
  warnIf: Threshold;
  errorIf: Threshold;
  where?: string;
  limit?: number;
  storeFailures: boolean;
  /** Set by the user (fail_calc); built-ins have their own default. */
  failCalc?: string;
  dimension: Dimension;
}

export interface ConfigProblem {
  /** The config key at fault, e.g. "warn_if". */
  key: string;
  message: string;
  hint: string;
}

const DEFAULT_THRESHOLD = parseThreshold('!= 0')!;

function asBool(v: unknown): boolean {
  return v === true || (typeof v === 'string' && ['true', 'yes', '1'].includes(v.toLowerCase()));
}

/** Reads severity, warn_if, error_if, where, limit, store_failures, fail_calc and dimension; every problem is returned. */
export function readTestConfig(
  raw: Readonly<Record<string, unknown>>,
  fallbackDimension: Dimension,
): { config: TestConfig; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  const severityText = String(raw.severity ?? 'error').toLowerCase();
  if (severityText !== 'error' && severityText !== 'warn')
    problems.push({
      key: 'severity',
      message: `severity '${String(raw.severity)}' is neither warn nor error`,
      hint: 'Write severity: warn or severity: error.',
    });
  const threshold = (key: 'warn_if' | 'error_if'): Threshold => {
    const v = raw[key];
    if (v === undefined || v === null) return DEFAULT_THRESHOLD;
    const t = parseThreshold(v);
    if (!t)
      problems.push({
        key,
        message: `${key} '${String(v)}' is not a condition on the failure count`,
        hint: `Write a comparison and a number, e.g. ${key}: '>10' or ${key}: '!=0'.`,
      });
    return t ?? DEFAULT_THRESHOLD;
  };
  const warnIf = threshold('warn_if');
  const errorIf = threshold('error_if');
  let limit: number | undefined;
  if (raw.limit !== undefined && raw.limit !== null) {
    limit = Number(raw.limit);
    if (!Number.isInteger(limit) || limit < 0) {
      problems.push({
        key: 'limit',
        message: `limit '${String(raw.limit)}' is not a whole number`,
        hint: 'Write limit: 100 (the most failing rows to count).',
      });
      limit = undefined;
    }
  }
  let dimension = fallbackDimension;
  if (raw.dimension !== undefined && raw.dimension !== null) {
    if (isDimension(raw.dimension)) dimension = raw.dimension;
    else {
      const near = nearestName(String(raw.dimension), DIMENSIONS);
      problems.push({
        key: 'dimension',
        message: `dimension '${String(raw.dimension)}' is not a quality dimension`,
        hint: near ? `Did you mean '${near}'?` : `Use one of ${DIMENSIONS.join(', ')}.`,
      });
    }
  }
  const where = typeof raw.where === 'string' && raw.where.trim() !== '' ? raw.where : undefined;
  const failCalc = typeof raw.fail_calc === 'string' && raw.fail_calc.trim() !== '' ? raw.fail_calc : undefined;
  return {
    config: {
      severity: severityText === 'warn' ? 'warn' : 'error',
      warnIf,
      errorIf,
      where,
      limit,
      storeFailures: asBool(raw.store_failures),
      failCalc,
      dimension,
    },
    problems,
  };
}

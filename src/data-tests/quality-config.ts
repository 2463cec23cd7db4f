import { TsmodelError, nearestName, type SourceLocation } from '../errors/index.js';
import { EQUAL_WEIGHTS, type Weights } from './score.js';
import { DIMENSIONS, type Dimension } from '../test-catalog/index.js';

/**
 * project.yml's `quality:` section:
 *   quality:
 *     min_score: 90                 # tsmodel test fails below (overall score)
 *     weights: {validity: 2}        # per dimension, default 1
 *     layers:
 *       staging: {min_score: 60}    # per layer (top folder)
 */
export interface QualityConfig {
  minScore?: number;
  weights: Weights;
  layers: Readonly<Record<string, { minScore?: number }>>;
}

const KEYS = ['min_score', 'weights', 'layers'];

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Reads and checks the section; every problem is a config error at project.yml's `quality:` key. */
export function readQualityConfig(raw: unknown, location?: SourceLocation): QualityConfig {
  const problems: string[] = [];
  const fail = (message: string, hint: string) => new TsmodelError('config', `quality: ${message}`, { location, hint });
  if (raw === undefined || raw === null) return { weights: EQUAL_WEIGHTS, layers: {} };
  if (!isObj(raw)) throw fail('must be a mapping', 'e.g. quality: {min_score: 90}');
  for (const k of Object.keys(raw)) {
    if (KEYS.includes(k)) continue;
    const near = nearestName(k, KEYS);
    problems.push(`unknown key '${k}'${near ? ` (did you mean '${near}'?)` : ''}`);
  }
  const score = (v: unknown, what: string): number | undefined => {
    if (v === undefined || v === null) return undefined;
    const n = Number(v);
    if (typeof v === 'boolean' || !Number.isFinite(n) || n < 0 || n > 100) {
      problems.push(`${what} must be a number from 0 to 100, got ${JSON.stringify(v)}`);
      return undefined;
    }
    return n;
  };
  const minScore = score(raw.min_score, 'min_score');
  const weights: Record<Dimension, number> = { ...EQUAL_WEIGHTS };
  if (raw.weights !== undefined && raw.weights !== null) {
    if (!isObj(raw.weights)) problems.push('weights must be a mapping of dimension to weight');
    else {
      for (const [k, v] of Object.entries(raw.weights)) {
        if (!(DIMENSIONS as readonly string[]).includes(k)) {
          const near = nearestName(k, DIMENSIONS);
          problems.push(`weights: '${k}' is not a dimension${near ? ` (did you mean '${near}'?)` : ''}`);
        } else if (typeof v !== 'number' || v < 0) problems.push(`weights: ${k} must be a number ≥ 0`);
        else weights[k as Dimension] = v;
      }
    }
  }
  const layers: Record<string, { minScore?: number }> = {};
  if (raw.layers !== undefined && raw.layers !== null) {
    if (!isObj(raw.layers)) problems.push('layers must be a mapping of folder to {min_score: …}');
    else {
      for (const [layer, v] of Object.entries(raw.layers)) {
        if (!isObj(v)) problems.push(`layers: ${layer} must be a mapping, e.g. {min_score: 60}`);
        else layers[layer] = { minScore: score(v.min_score, `layers.${layer}.min_score`) };
      }
    }
  }
  if (problems.length > 0)
    throw fail(
      problems.join('; '),
      `Dimensions: ${DIMENSIONS.join(', ')}. Example: quality: {min_score: 90, weights: {validity: 2}, layers: {staging: {min_score: 60}}}`,
    );
  return { minScore, weights, layers };
}

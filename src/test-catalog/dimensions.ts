import { builtinTest } from './registry.js';
import { DIMENSIONS, type Dimension } from './types.js';

/** The dimension a test scores in when its config says none: the built-in's, else consistency (a business rule). */
export function defaultDimension(testName: string | undefined): Dimension {
  return (testName ? builtinTest(testName)?.dimension : undefined) ?? 'consistency';
}

export function isDimension(v: unknown): v is Dimension {
  return typeof v === 'string' && (DIMENSIONS as readonly string[]).includes(v);
}

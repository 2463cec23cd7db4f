import type { TargetConfig } from './types.js';

/** A secret-free view of a target for `tsmodel debug`: the password, when set, is "****". */
export function describeTarget(t: TargetConfig): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(t)) {
    if (value === undefined) continue;
    out[key] = key === 'password' ? '****' : value;
  }
  return out;
}

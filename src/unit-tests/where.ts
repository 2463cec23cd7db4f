import { PgliteAdapter, type Adapter } from '../adapters/index.js';
import type { PgliteTarget, TargetConfig } from '../config/types.js';

/** Where unit tests run: `target` (the run's database) or `embedded` (a PGlite in memory, nothing needed). */
export type UnitOn = 'target' | 'embedded';

export interface UnitPlacement {
  /** The adapter unit tests run on. */
  adapter: Adapter;
  embedded: boolean;
  /** For the log and run_results.json. */
  ranOn: string;
  /** Why they run where they do (printed once). */
  reason: string;
}

/** The in-memory embedded target unit tests run on, named after the run's target. */
export function embeddedTarget(target: TargetConfig): PgliteTarget {
  return {
    type: 'pglite',
    name: 'unit-tests',
    profileName: target.profileName,
    schema: target.schema,
    threads: 1,
    retries: 0,
    retryDelayMs: 0,
    path: 'memory://',
  };
}

/** A fresh in-memory embedded database for unit tests (closed by the caller). */
export function embeddedAdapter(target: TargetConfig): Adapter {
  return new PgliteAdapter(embeddedTarget(target));
}

export const EMBEDDED_DESCRIPTION = 'the embedded database (in memory)';

/**
 * Decides where unit tests run. `--unit-on embedded` or `--empty-target`:
 * the embedded database. Otherwise the target, unless the run has nothing
 * but unit tests and the target cannot be reached (a new clone, CI without
 * a warehouse): then the embedded database, saying why.
 */
export async function placeUnitTests(
  target: TargetConfig,
  targetAdapter: Adapter,
  opts: { unitOn?: UnitOn; emptyTarget?: boolean; onlyUnitTests: boolean },
): Promise<UnitPlacement> {
  const embedded = (reason: string): UnitPlacement => ({
    adapter: embeddedAdapter(target),
    embedded: true,
    ranOn: EMBEDDED_DESCRIPTION,
    reason,
  });
  if (opts.unitOn === 'embedded') return embedded('--unit-on embedded');
  if (opts.emptyTarget) return embedded('--empty-target: nothing of the target is used');
  const onTarget = {
    adapter: targetAdapter,
    embedded: false,
    ranOn: `target '${target.name}' (${targetAdapter.describe()})`,
  };
  if (opts.unitOn === 'target' || !opts.onlyUnitTests || target.type === 'pglite')
    return { ...onTarget, reason: opts.unitOn === 'target' ? '--unit-on target' : 'the run uses the target' };
  try {
    await targetAdapter.open();
    return { ...onTarget, reason: 'the target is reachable' };
  } catch (err) {
    return embedded(`target '${target.name}' is unreachable (${(err as Error).message.split('\n')[0]})`);
  }
}

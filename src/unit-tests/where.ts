import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
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

/** Where the dump of an empty embedded database is kept between runs (initdb takes seconds; loading it, a fraction). */
function imagePath(projectRoot: string): string {
  return join(projectRoot, '.tsmodel', `pglite-empty-${PGLITE_VERSION}.tar.gz`);
}

/**
 * A fresh in-memory embedded database for unit tests (closed by the caller).
 * It starts from the project's cached dump of an empty database when there
 * is one; the first run makes that dump (.tsmodel/, git-ignored).
 */
export async function embeddedAdapter(target: TargetConfig, projectRoot?: string): Promise<Adapter> {
  const file = projectRoot ? imagePath(projectRoot) : undefined;
  const image = file && existsSync(file) ? new Blob([readFileSync(file)]) : undefined;
  const adapter = new PgliteAdapter(embeddedTarget(target), {}, async () => image);
  if (file && !image) {
    try {
      await adapter.open();
      const dump = Buffer.from(await (await adapter.dump()).arrayBuffer());
      mkdirSync(dirname(file), { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, dump);
      renameSync(tmp, file);
    } catch {
      // Only an optimization: the next run makes the dump again.
    }
  }
  return adapter;
}

/** PGlite's version (its package.json, found above its entry point): a dump is only reused by the same version. */
function pgliteVersion(): string {
  try {
    let dir = dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'));
    for (let i = 0; i < 5; i++, dir = dirname(dir)) {
      const file = join(dir, 'package.json');
      if (!existsSync(file)) continue;
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === '@electric-sql/pglite') return String(pkg.version);
    }
  } catch {
    // fall through
  }
  return 'unknown';
}
const PGLITE_VERSION = pgliteVersion();

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
  opts: { unitOn?: UnitOn; emptyTarget?: boolean; onlyUnitTests: boolean; projectRoot?: string },
): Promise<UnitPlacement> {
  const embedded = async (reason: string): Promise<UnitPlacement> => ({
    adapter: await embeddedAdapter(target, opts.projectRoot),
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

/** Options and shared services every section gets. */
import { cpSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { PgliteTarget } from '../../src/config/types.js';
import type { PgServer } from './pg.js';
import { machinePackageVersion } from './machine.js';
import { BENCH_DIR, runChild } from './proc.js';

export interface BenchOptions {
  quick: boolean;
  /** Repetitions of each measured comparison. */
  runs: number;
  /** Sections to run (null: all). */
  only: string[] | null;
  /** Where results.json is written. */
  out: string;
  /** Work files (projects, generated data, PGlite folders). */
  workDir: string;
  pgUrl?: string;
  noPg: boolean;
  /** Write CPU profiles of tsmodel's children (--profile) and summarise them. */
  profile: boolean;
  /** A single tsmodel call predicted or observed to take longer than this is not run (again). */
  capS: number;
  /** Largest generator scale of the end-to-end section. */
  maxScale: number;
}

export interface BenchContext extends BenchOptions {
  pg: PgServer | null;
  /** Why PostgreSQL is not used, when it is not. */
  pgReason?: string;
  psql: string | null;
  log(message: string): void;
  /** A fresh, empty work folder for a section. */
  freshDir(...parts: string[]): string;
  /** A PGlite target on a fresh data folder (a copy of an initialised template). */
  pgliteTarget(dir: string, schema?: string): Promise<PgliteTarget>;
  /** Where to write CPU profiles of a child, when --profile is on. */
  profileDir(name: string): string | undefined;
}

export function pgliteTargetAt(path: string, schema = 'bench'): PgliteTarget {
  return { type: 'pglite', name: 'bench', profileName: 'bench', schema, threads: 1, retries: 0, retryDelayMs: 0, path };
}

/**
 * An initialised PGlite data folder, made once per PGlite version and shared
 * by every run (initdb takes seconds; a copy, a fraction). Built aside, then
 * renamed into place, so concurrent runs see all or nothing.
 */
async function ensurePgliteTemplate(): Promise<string> {
  const home = join(
    BENCH_DIR,
    '.work',
    `pglite-template-${machinePackageVersion('@electric-sql/pglite') ?? 'unknown'}`,
  );
  if (existsSync(join(home, 'PG_VERSION'))) return home;
  const build = join(BENCH_DIR, '.work', `pglite-template-build-${process.pid}-${Date.now()}`);
  mkdirSync(dirname(build), { recursive: true }); // bench/.work is absent when --work-dir points elsewhere
  try {
    await runChild('pglite-sql', { dataDir: build, steps: [] });
    renameSync(build, home);
  } catch (err) {
    rmSync(build, { recursive: true, force: true });
    if (!existsSync(join(home, 'PG_VERSION'))) throw err;
  }
  return home;
}

export function makeContext(
  opts: BenchOptions,
  pg: PgServer | null,
  pgReason: string | undefined,
  psql: string | null,
): BenchContext {
  mkdirSync(opts.workDir, { recursive: true });
  let template: Promise<string> | undefined;
  const pgliteTemplate = () => (template ??= ensurePgliteTemplate());
  return {
    ...opts,
    pg,
    pgReason,
    psql,
    log: (m) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${m}\n`),
    freshDir: (...parts) => {
      const dir = join(opts.workDir, ...parts);
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir, { recursive: true });
      return dir;
    },
    pgliteTarget: async (dir, schema = 'bench') => {
      rmSync(dir, { recursive: true, force: true });
      cpSync(await pgliteTemplate(), dir, { recursive: true });
      return pgliteTargetAt(dir, schema);
    },
    profileDir: (name) => {
      if (!opts.profile) return undefined;
      const dir = join(opts.workDir, 'profiles', name);
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir, { recursive: true });
      return dir;
    },
  };
}

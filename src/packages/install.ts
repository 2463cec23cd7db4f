import { randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { loadProjectConfig } from '../config/index.js';
import type { Env, Warning } from '../config/types.js';
import { TsmodelError } from '../errors/index.js';
import { hubUrl } from './hub.js';
import { lockKey, readLock, writeLock, type LockedEntry } from './lock.js';
import { Resolver, type ResolvedPackage } from './resolver.js';
import { readSpecFile } from './spec.js';

/** Written in each fetched package's folder: which lock entry its files are (lets a later deps skip the download). */
export const INSTALL_MARKER = '.tsmodel-package.json';

export interface InstallOptions {
  projectDir?: string;
  env: Env;
  /** Ignore package-lock.yml and resolve packages.yml afresh (dbt deps --upgrade). */
  upgrade?: boolean;
}

export interface InstalledPackage {
  name: string;
  /** The entry, as written: `package: dbt-labs/dbt_utils@1.3.0`, `git: …`, `local: ../x`. */
  entry: string;
  locked: LockedEntry;
  /** Not downloaded again: the files an earlier deps installed from the same lock entry. */
  reused: boolean;
}

export interface InstallResult {
  /** Where the packages are, relative to the project. */
  installPath: string;
  packages: InstalledPackage[];
  /** 'lock' when package-lock.yml was followed, 'resolved' when packages.yml was resolved (and the lock written). */
  mode: 'lock' | 'resolved' | 'none';
  warnings: Warning[];
}

/**
 * `tsmodel deps`: resolves packages.yml (or follows package-lock.yml when it
 * still matches), fetches every package into a staging folder, and only when
 * all of them are there replaces the packages-install-path folder with it.
 * A failure leaves the project as it was.
 */
export async function installPackages(opts: InstallOptions): Promise<InstallResult> {
  const { config, warnings: configWarnings } = loadProjectConfig(opts.projectDir ?? '.');
  const root = config.projectRoot;
  const installPath = config.packagesInstallPath ?? 'dbt_packages';
  const finalDir = resolve(root, installPath);
  const rel = relative(root, finalDir);
  if (rel === '' || rel.startsWith('..'))
    throw new TsmodelError('config', `packages-install-path '${installPath}' is not a folder inside the project`, {
      location: config.locations['packages-install-path'] ?? { file: config.configFile },
      hint: 'Use a folder inside the project, such as dbt_packages.',
    });
  const specFile = readSpecFile(root, opts.env);
  const warnings = [...configWarnings, ...specFile.warnings];
  if (specFile.specs.length === 0) return { installPath, packages: [], mode: 'none', warnings };
  const locked = opts.upgrade ? undefined : readLock(root, opts.env);
  const fromLock = locked !== undefined && locked.sha1Hash === specFile.hash;

  const stage = mkdtempSync(join(root, '.tsmodel-deps-'));
  try {
    const resolver = new Resolver({
      projectRoot: root,
      rootName: config.name,
      work: join(stage, 'work'),
      hubUrl: hubUrl(opts.env),
      env: opts.env,
      fromLock,
      installed: fromLock ? installedByKey(finalDir) : new Map(),
    });
    const label = specFile.file ?? 'packages.yml';
    for (const spec of fromLock ? locked.specs : specFile.specs) await resolver.add(spec, label, root);
    await resolver.settleHub();
    warnings.push(...resolver.warnings);
    const packages = [...resolver.packages.values()].sort((a, b) => (a.name < b.name ? -1 : 1));
    commit(finalDir, stage, packages);
    if (!fromLock) writeLock(root, { packages: packages.map((p) => p.locked), sha1Hash: specFile.hash });
    return {
      installPath,
      packages: packages.map((p) => ({
        name: p.name,
        entry: p.entry,
        locked: p.locked,
        reused: p.reuse !== undefined,
      })),
      mode: fromLock ? 'lock' : 'resolved',
      warnings,
    };
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

/** The installed folders an earlier deps fetched, by lock entry. */
function installedByKey(finalDir: string): Map<string, string> {
  const out = new Map<string, string>();
  if (!existsSync(finalDir)) return out;
  for (const name of readdirSync(finalDir)) {
    try {
      const marker = JSON.parse(readFileSync(join(finalDir, name, INSTALL_MARKER), 'utf8')) as { key?: string };
      if (marker.key) out.set(marker.key, join(finalDir, name));
    } catch {
      // Not one of ours (or a local package's link): fetched again.
    }
  }
  return out;
}

/**
 * Puts the resolved packages in place: the old folder is moved aside, the new
 * one filled (links for local packages, renames for fetched ones, reused
 * folders moved over), and the old one deleted; any failure puts the old back.
 */
function commit(finalDir: string, stage: string, packages: ResolvedPackage[]): void {
  const aside = existsSync(finalDir) ? `${finalDir}.old-${randomBytes(4).toString('hex')}` : undefined;
  if (aside) renameSync(finalDir, aside);
  const fresh = join(stage, 'install');
  try {
    mkdirSync(fresh, { recursive: true });
    for (const p of packages) {
      const dest = join(fresh, p.name);
      if (p.linkTo) {
        symlinkSync(p.linkTo, dest, 'dir');
        continue;
      }
      const from = p.reuse ? join(aside ?? finalDir, relative(finalDir, p.reuse)) : p.dir!;
      renameSync(from, dest);
      writeFileSync(join(dest, INSTALL_MARKER), `${JSON.stringify({ key: lockKey(p.locked), entry: p.entry })}\n`);
    }
    mkdirSync(resolve(finalDir, '..'), { recursive: true });
    renameSync(fresh, finalDir);
  } catch (err) {
    rmSync(finalDir, { recursive: true, force: true });
    if (aside) renameSync(aside, finalDir);
    throw new TsmodelError('internal', `could not put the packages in place: ${(err as Error).message}`, {
      location: { file: finalDir },
      hint: 'Check the permissions of the project folder; the earlier packages were kept.',
      cause: err,
    });
  }
  if (aside) rmSync(aside, { recursive: true, force: true });
}

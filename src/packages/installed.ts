import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { loadProjectConfig, PROJECT_FILES } from '../config/index.js';
import type { ProjectConfig, Warning } from '../config/types.js';
import { TsmodelError, TsmodelErrors } from '../errors/index.js';
import { readProjectFiles, type ProjectFiles } from '../project/index.js';
import { SPEC_FILES } from './spec.js';

/** A package the project uses: installed by deps into packages-install-path, or an npm dependency. */
export interface ProjectPackage {
  name: string;
  /** Its folder, relative to the root project ("dbt_packages/dbt_utils", "node_modules/@acme/models"). */
  dir: string;
  from: 'deps' | 'npm';
  config: ProjectConfig;
}

function hasProjectFile(dir: string): boolean {
  return PROJECT_FILES.some((f) => existsSync(join(dir, f)));
}

/** npm dependencies (dependencies and devDependencies of package.json) whose folder holds a dbt project file. */
function npmPackages(root: string): string[] {
  const file = join(root, 'package.json');
  if (!existsSync(file)) return [];
  let manifest: { dependencies?: Record<string, string>; devDependencies?: Record<string, string> };
  try {
    manifest = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new TsmodelError('config', `package.json is not valid JSON (${(err as Error).message})`, {
      location: { file: 'package.json' },
      hint: 'Fix package.json: tsmodel reads its dependencies to find npm packages holding models.',
    });
  }
  const names = Object.keys({ ...(manifest.dependencies ?? {}), ...(manifest.devDependencies ?? {}) });
  return names.map((n) => join('node_modules', ...n.split('/'))).filter((d) => hasProjectFile(join(root, d)));
}

/**
 * The packages of a project: every folder of packages-install-path holding a
 * dbt_project.yml (or project.yml), and every npm dependency whose folder
 * holds one. A package named like the project or like another package is an error.
 */
export function findPackages(config: ProjectConfig): { packages: ProjectPackage[]; warnings: Warning[] } {
  const root = config.projectRoot;
  const installRel = config.packagesInstallPath ?? 'dbt_packages';
  const installDir = resolve(root, installRel);
  const warnings: Warning[] = [];
  const candidates: { dir: string; from: 'deps' | 'npm' }[] = [];
  if (existsSync(installDir))
    for (const entry of readdirSync(installDir).sort()) {
      if (entry.startsWith('.')) continue;
      const dir = join(installDir, entry);
      if (hasProjectFile(dir)) candidates.push({ dir: relative(root, dir).split(sep).join('/'), from: 'deps' });
    }
  for (const dir of npmPackages(root)) candidates.push({ dir: dir.split(sep).join('/'), from: 'npm' });
  if (!candidates.some((c) => c.from === 'deps')) {
    const spec = SPEC_FILES.find((f) => existsSync(join(root, f)));
    if (spec && /^\s*-\s*(local|git|package|tarball)\s*:/m.test(readFileSync(join(root, spec), 'utf8')))
      warnings.push({
        message: `${spec} lists packages but none is installed in ${installRel}/: run tsmodel deps`,
        location: { file: spec, line: 1 },
      });
  }
  const packages: ProjectPackage[] = [];
  for (const c of candidates) {
    const loaded = loadPackageConfig(root, c.dir);
    for (const w of loaded.warnings)
      warnings.push({
        ...w,
        ...(w.location ? { location: { ...w.location, file: `${c.dir}/${w.location.file}` } } : {}),
      });
    const name = loaded.config.name;
    const clash = name === config.name ? `the project itself` : packages.find((p) => p.name === name)?.dir;
    if (clash)
      throw new TsmodelError('config', `the package in ${c.dir} is named '${name}', like ${clash}`, {
        location: { file: `${c.dir}/${loaded.config.configFile}`, line: 1 },
        hint: 'Each package needs its own name: remove one of them (from packages.yml or package.json).',
      });
    packages.push({ name, dir: c.dir, from: c.from, config: loaded.config });
  }
  return { packages, warnings };
}

/** A package's project file; its problems point at the file inside the package's folder. */
function loadPackageConfig(root: string, dir: string): ReturnType<typeof loadProjectConfig> {
  try {
    return loadProjectConfig(join(root, dir));
  } catch (err) {
    const inPackage = (e: TsmodelError) =>
      new TsmodelError(e.code, `package in ${dir}: ${e.message}`, {
        ...(e.location ? { location: { ...e.location, file: `${dir}/${e.location.file}` } } : {}),
        hint: e.hint ?? 'Fix the package, or install a release that works (tsmodel deps).',
        cause: e,
      });
    if (err instanceof TsmodelErrors) throw new TsmodelErrors(err.errors.map(inPackage));
    if (err instanceof TsmodelError) throw inPackage(err);
    throw err;
  }
}

/** A package's files, with paths relative to the root project and each marked with the package's name. */
export function readPackageFiles(pkg: ProjectPackage): ProjectFiles {
  const files = readProjectFiles(pkg.config);
  const mark = <T extends { path: string }>(list: T[]): T[] =>
    list.map((f) => ({ ...f, path: `${pkg.dir}/${f.path}`, package: pkg.name }));
  return {
    models: mark(files.models),
    macros: mark(files.macros),
    yaml: mark(files.yaml),
    docs: mark(files.docs),
    tests: mark(files.tests),
    snapshots: mark(files.snapshots),
    analyses: mark(files.analyses),
    seeds: mark(files.seeds),
  };
}

/** The root project's files followed by every package's. */
export function withPackageFiles(files: ProjectFiles, packages: readonly ProjectPackage[]): ProjectFiles {
  const out: ProjectFiles = { ...files };
  for (const p of packages) {
    const more = readPackageFiles(p);
    for (const key of Object.keys(more) as (keyof ProjectFiles)[])
      (out[key] as unknown[]) = [...((out[key] as unknown[] | undefined) ?? []), ...(more[key] as unknown[])];
  }
  return out;
}

function isMapping(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * The vars a package's nodes see, lowest first: the package's own (global,
 * then scoped to it), the root project's global ones, the root project's
 * scoped to the package, then --vars.
 */
export function packageVars(
  root: ProjectConfig,
  pkg: ProjectConfig,
  scopes: ReadonlySet<string>,
  cli: Readonly<Record<string, unknown>> = {},
): Record<string, unknown> {
  const globals = (vars: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(vars).filter(([k, v]) => !(scopes.has(k) && isMapping(v))));
  const scoped = (vars: Record<string, unknown>) => (isMapping(vars[pkg.name]) ? (vars[pkg.name] as object) : {});
  return { ...globals(pkg.vars), ...scoped(pkg.vars), ...globals(root.vars), ...scoped(root.vars), ...cli };
}

import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { ProjectConfig } from '../config/types.js';

/** A file of the project, read from disk. Paths use "/" and are relative to the project root. */
export interface ProjectFile {
  /** e.g. "models/staging/stg_customers.sql" */
  path: string;
  /** The resource folder it was found under, e.g. "models". */
  root: string;
  /** Path relative to that folder, e.g. "staging/stg_customers.sql". */
  relPath: string;
  contents: string;
  checksum: string;
}

/** A seed CSV: its contents are read when it is loaded, not when the project is parsed. */
export interface SeedFile {
  path: string;
  root: string;
  relPath: string;
  absPath: string;
  /** sha256 of the file for small files; size and mtime for large ones (read in full only when loaded). */
  checksum: string;
  sizeBytes: number;
}

export interface ProjectFiles {
  models: ProjectFile[];
  macros: ProjectFile[];
  /** Every .yml / .yaml under model, seed, snapshot, analysis, macro and test paths. */
  yaml: ProjectFile[];
  docs: ProjectFile[];
  tests: ProjectFile[];
  snapshots: ProjectFile[];
  analyses: ProjectFile[];
  seeds: SeedFile[];
  /** Unit test fixtures: .csv and .sql files under <test-path>/fixtures/ (fixture: name). */
  fixtures?: ProjectFile[];
}

const SMALL_SEED = 1024 * 1024;

export function sha256(text: string | Buffer): string {
  return createHash('sha256').update(text).digest('hex');
}

function walk(dir: string, out: string[]): void {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (e.name.startsWith('.') || e.name === 'node_modules') continue;
    const full = join(dir, e.name);
    if (e.isDirectory()) walk(full, out);
    else if (e.isFile()) out.push(full);
  }
}

function toPosix(p: string): string {
  return sep === '/' ? p : p.split(sep).join('/');
}

/** Lists files under the given resource folders whose names end with one of the extensions. */
export function listFiles(
  projectRoot: string,
  folders: readonly string[],
  exts: readonly string[],
): { abs: string; path: string; root: string; relPath: string }[] {
  const found: { abs: string; path: string; root: string; relPath: string }[] = [];
  const seen = new Set<string>();
  for (const folder of folders) {
    const base = join(projectRoot, folder);
    if (!existsSync(base)) continue;
    const files: string[] = [];
    walk(base, files);
    for (const abs of files) {
      if (!exts.some((x) => abs.toLowerCase().endsWith(x)) || seen.has(abs)) continue;
      seen.add(abs);
      found.push({
        abs,
        path: toPosix(relative(projectRoot, abs)),
        root: folder.replace(/\/+$/, ''),
        relPath: toPosix(relative(base, abs)),
      });
    }
  }
  return found;
}

function readAll(projectRoot: string, folders: readonly string[], exts: readonly string[]): ProjectFile[] {
  return listFiles(projectRoot, folders, exts).map(({ abs, path, root, relPath }) => {
    const contents = readFileSync(abs, 'utf8');
    return { path, root, relPath, contents, checksum: sha256(contents) };
  });
}

/** Reads every file of the project that parsing needs. The only module that reads project files. */
export function readProjectFiles(config: ProjectConfig): ProjectFiles {
  const root = config.projectRoot;
  const yamlFolders = [
    ...config.modelPaths,
    ...config.seedPaths,
    ...config.snapshotPaths,
    ...config.analysisPaths,
    ...config.macroPaths,
    ...config.testPaths,
  ];
  const seeds = listFiles(root, config.seedPaths, ['.csv']).map(({ abs, path, root: r, relPath }) => {
    const st = statSync(abs);
    const checksum = st.size <= SMALL_SEED ? sha256(readFileSync(abs)) : `size:${st.size}:mtime:${st.mtimeMs}`;
    return { path, root: r, relPath, absPath: abs, checksum, sizeBytes: st.size };
  });
  return {
    models: readAll(root, config.modelPaths, ['.sql']),
    macros: readAll(root, config.macroPaths, ['.sql']),
    yaml: readAll(root, yamlFolders, ['.yml', '.yaml']),
    docs: readAll(root, [...config.modelPaths, ...config.docsPaths, ...config.macroPaths], ['.md']),
    tests: readAll(root, config.testPaths, ['.sql']),
    fixtures: readAll(
      root,
      config.testPaths.map((p) => `${p.replace(/\/+$/, '')}/fixtures`),
      ['.csv', '.sql'],
    ),
    snapshots: readAll(root, config.snapshotPaths, ['.sql']),
    analyses: readAll(root, config.analysisPaths, ['.sql']),
    seeds,
  };
}

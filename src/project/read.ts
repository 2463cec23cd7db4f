import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, readlinkSync, realpathSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { ProjectConfig } from '../config/types.js';
import { TsmodelError } from '../errors/index.js';
import { readTextFile, type NotText } from './text.js';

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
  /** Set when the file is not UTF-8 text (parsing refuses it). */
  notText?: NotText;
  /** Set for a file of an installed package: the package's name. */
  package?: string;
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
  /** Set for a seed of an installed package: the package's name. */
  package?: string;
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

interface Walk {
  projectRoot: string;
  files: string[];
  /** Symlinks whose target is missing. */
  broken: string[];
  /** Real paths of the folders being walked (the current one and its parents): a link back to one is a loop. */
  open: Set<string>;
}

/**
 * Files under `dir`, sorted, skipping dot entries and node_modules. Symlinks to
 * files and folders are followed, as dbt does; a link to a folder that
 * contains it is a loop, reported instead of followed.
 */
function walk(dir: string, w: Walk): void {
  let entries;
  let real: string;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
    real = realpathSync(dir);
  } catch {
    return;
  }
  w.open.add(real);
  for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (e.name.startsWith('.') || e.name === 'node_modules') continue;
    const full = join(dir, e.name);
    let isDir = e.isDirectory();
    let isFile = e.isFile();
    if (e.isSymbolicLink()) {
      let st;
      try {
        st = statSync(full);
      } catch {
        w.broken.push(full);
        continue;
      }
      isDir = st.isDirectory();
      isFile = st.isFile();
      if (isDir && w.open.has(realpathSync(full))) {
        const rel = (p: string) => toPosix(relative(w.projectRoot, p)) || '.';
        throw new TsmodelError(
          'config',
          `symlink loop: ${rel(full)} points to ${rel(realpathSync(full))}, a folder that contains it`,
          {
            location: { file: rel(full) },
            hint: 'Remove the link or point it somewhere else: tsmodel follows symlinked files and folders, as dbt does.',
          },
        );
      }
    }
    if (isDir) walk(full, w);
    else if (isFile) w.files.push(full);
  }
  w.open.delete(real);
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
    const w: Walk = { projectRoot, files: [], broken: [], open: new Set() };
    walk(base, w);
    const broken = w.broken.find((abs) => exts.some((x) => abs.toLowerCase().endsWith(x)));
    if (broken) {
      throw new TsmodelError('config', `${toPosix(relative(projectRoot, broken))} is a symlink to nothing`, {
        location: { file: toPosix(relative(projectRoot, broken)) },
        hint: `It points to ${readlinkSync(broken)}, which does not exist: fix or remove the link.`,
      });
    }
    for (const abs of w.files) {
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
    const { contents, notText } = readTextFile(abs);
    return { path, root, relPath, contents, checksum: sha256(contents), ...(notText ? { notText } : {}) };
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

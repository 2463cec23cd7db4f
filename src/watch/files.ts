import { readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { ProjectConfig } from '../config/index.js';
import {
  listFiles,
  readProjectFiles,
  readTextFile,
  sha256,
  type ProjectFile,
  type ProjectFiles,
  type SeedFile,
} from '../project/index.js';

type Kind = keyof ProjectFiles;

/** A seed up to this size is checksummed by content, a larger one by size and mtime (as project/ does). */
const SMALL_SEED = 1024 * 1024;

/** Where each kind of file is found: the same table as readProjectFiles. */
function layout(config: ProjectConfig): { kind: Kind; folders: string[]; exts: string[] }[] {
  const yamlFolders = [
    ...config.modelPaths,
    ...config.seedPaths,
    ...config.snapshotPaths,
    ...config.analysisPaths,
    ...config.macroPaths,
    ...config.testPaths,
  ];
  return [
    { kind: 'models', folders: config.modelPaths, exts: ['.sql'] },
    { kind: 'macros', folders: config.macroPaths, exts: ['.sql'] },
    { kind: 'yaml', folders: yamlFolders, exts: ['.yml', '.yaml'] },
    { kind: 'docs', folders: [...config.modelPaths, ...config.docsPaths, ...config.macroPaths], exts: ['.md'] },
    { kind: 'tests', folders: config.testPaths, exts: ['.sql'] },
    { kind: 'snapshots', folders: config.snapshotPaths, exts: ['.sql'] },
    { kind: 'analyses', folders: config.analysisPaths, exts: ['.sql'] },
    { kind: 'seeds', folders: config.seedPaths, exts: ['.csv'] },
  ];
}

function toPosix(p: string): string {
  return sep === '/' ? p : p.split(sep).join('/');
}

/** Every folder whose files the project is made of (relative to the project root). */
export function projectFolders(config: ProjectConfig): string[] {
  return [...new Set(layout(config).flatMap((l) => l.folders.map((f) => f.replace(/\/+$/, ''))))];
}

/**
 * The project's files as last read, kept up to date one path at a time: a
 * change reads that file again, an added or deleted file lists its kind's
 * folders again (names only). Unchanged files keep their objects, so the
 * parse cache recognises them at once.
 */
export class FileSnapshot {
  private files: ProjectFiles;
  private readonly kinds: ReturnType<typeof layout>;

  constructor(private readonly config: ProjectConfig) {
    this.files = readProjectFiles(config);
    this.kinds = layout(config);
  }

  current(): ProjectFiles {
    return this.files;
  }

  /** The kinds of project file a path (relative to the project root) is, if any. */
  kindsOf(relPath: string): Kind[] {
    const path = toPosix(relPath);
    if (path.split('/').some((s) => s.startsWith('.') || s === 'node_modules')) return [];
    const lower = path.toLowerCase();
    return this.kinds
      .filter(
        (l) =>
          l.exts.some((x) => lower.endsWith(x)) && l.folders.some((f) => path.startsWith(`${f.replace(/\/+$/, '')}/`)),
      )
      .map((l) => l.kind);
  }

  /** Brings the given paths (relative to the project root) up to date; returns those that are project files. */
  update(paths: Iterable<string>): string[] {
    const touched: string[] = [];
    const relisted = new Set<Kind>();
    const next: ProjectFiles = { ...this.files };
    for (const path of this.expand(paths)) {
      const kinds = this.kindsOf(path);
      if (kinds.length === 0) continue;
      const abs = join(this.config.projectRoot, path);
      let exists: boolean;
      try {
        exists = statSync(abs).isFile();
      } catch {
        exists = false;
      }
      let known = false;
      for (const kind of kinds) {
        const list = next[kind] as (ProjectFile | SeedFile)[];
        const at = list.findIndex((f) => f.path === path);
        known ||= at >= 0;
        if (exists && at >= 0) {
          const copy = [...list];
          try {
            copy[at] = this.read(kind, abs, list[at]!);
          } catch {
            relisted.add(kind); // gone again between stat and read
            continue;
          }
          (next as Record<Kind, unknown>)[kind] = copy;
        } else if (exists !== at >= 0) {
          relisted.add(kind); // added or deleted: the order of the list is the folders' order
        }
      }
      if (exists || known) touched.push(path); // not a file deleted before it was ever seen
    }
    for (const kind of relisted)
      (next as Record<Kind, unknown>)[kind] = this.relist(kind, next[kind] as (ProjectFile | SeedFile)[]);
    this.files = next;
    return touched;
  }

  /** The paths, with a deleted folder standing for every file known under it. */
  private expand(paths: Iterable<string>): string[] {
    const out = new Set<string>();
    for (const raw of paths) {
      const path = toPosix(raw);
      out.add(path);
      if (this.kindsOf(path).length > 0) continue;
      for (const list of Object.values(this.files) as { path: string }[][]) {
        for (const f of list) if (f.path.startsWith(`${path}/`)) out.add(f.path);
      }
    }
    return [...out];
  }

  private relist(kind: Kind, old: (ProjectFile | SeedFile)[]): (ProjectFile | SeedFile)[] {
    const l = this.kinds.find((k) => k.kind === kind)!;
    const byPath = new Map(old.map((f) => [f.path, f]));
    return listFiles(this.config.projectRoot, l.folders, l.exts)
      .map((found) => {
        const known = byPath.get(found.path);
        if (known) return [known];
        try {
          return [this.read(kind, found.abs, { path: found.path, root: found.root, relPath: found.relPath })];
        } catch {
          return []; // deleted since it was listed
        }
      })
      .flat();
  }

  private read(
    kind: Kind,
    abs: string,
    where: { path: string; root: string; relPath: string },
  ): ProjectFile | SeedFile {
    const { path, root, relPath } = where;
    if (kind === 'seeds') {
      const st = statSync(abs);
      const checksum = st.size <= SMALL_SEED ? sha256(readFileSync(abs)) : `size:${st.size}:mtime:${st.mtimeMs}`;
      return { path, root, relPath, absPath: abs, checksum, sizeBytes: st.size };
    }
    const { contents, notText } = readTextFile(abs);
    const old = where as Partial<ProjectFile>;
    if (old.contents === contents && old.notText === undefined && !notText) return where as ProjectFile; // saved without a change
    return { path, root, relPath, contents, checksum: sha256(contents), ...(notText ? { notText } : {}) };
  }
}

/** A path relative to the project root, with "/" separators. */
export function projectRelative(projectRoot: string, abs: string): string {
  return toPosix(relative(projectRoot, abs));
}

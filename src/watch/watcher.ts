import { watch, type FSWatcher } from 'chokidar';
import { isAbsolute, relative, resolve, sep } from 'node:path';

export interface WatchedPaths {
  /** Absolute project root. */
  root: string;
  /** Resource folders, relative to the root (models, macros, seeds, …). */
  folders: string[];
  /** Single files to watch, absolute (project.yml, profiles.yml — which may live outside the root). */
  files: string[];
}

export interface FileWatcherOptions {
  /** Called with absolute paths of files added, changed or deleted. */
  onChange(absPaths: string[]): void;
  onError?(err: unknown): void;
}

/**
 * chokidar on the project root, descending only into the resource folders
 * (never into target/, logs/, .tsmodel/ or hidden folders), plus the config
 * files. Reports file paths; deciding what they mean is the session's job.
 */
export class FileWatcher {
  private watcher?: FSWatcher;
  private paths: WatchedPaths;

  constructor(
    paths: WatchedPaths,
    private readonly opts: FileWatcherOptions,
  ) {
    this.paths = paths;
  }

  /** Starts watching; resolves once chokidar has scanned the folders. */
  async start(): Promise<void> {
    const w = watch([this.paths.root, ...this.paths.files.filter((f) => !this.inside(f))], {
      ignoreInitial: true,
      persistent: true,
      ignored: (path: string) => this.ignored(path),
    });
    this.watcher = w;
    const report = (path: string) => this.opts.onChange([resolve(path)]);
    w.on('add', report).on('change', report).on('unlink', report);
    w.on('unlinkDir', report); // the session drops every file under it
    w.on('error', (err) => this.opts.onError?.(err));
    await new Promise<void>((done) => w.once('ready', () => done()));
  }

  /** Follows a changed project.yml (other folders, another profiles.yml). */
  retarget(paths: WatchedPaths): void {
    const old = this.paths;
    this.paths = paths;
    const w = this.watcher;
    if (!w) return;
    const before = new Set(old.files.filter((f) => !this.inside(f, old.root)));
    const after = new Set(paths.files.filter((f) => !this.inside(f)));
    for (const f of before) if (!after.has(f)) w.unwatch(f);
    for (const f of after) if (!before.has(f)) w.add(f);
    // New resource folders: re-adding the root makes chokidar scan what it had ignored.
    if (old.folders.join('\0') !== paths.folders.join('\0')) w.add(this.paths.root);
  }

  async close(): Promise<void> {
    const w = this.watcher;
    this.watcher = undefined;
    await w?.close();
  }

  private inside(abs: string, root = this.paths.root): boolean {
    const rel = relative(root, abs);
    return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
  }

  /** Whether chokidar should skip a path: anything that is not a resource folder, on the way to one, or a watched file. */
  private ignored(path: string): boolean {
    const abs = resolve(path);
    if (this.paths.files.includes(abs)) return false;
    const rel = relative(this.paths.root, abs);
    if (rel === '') return false;
    if (rel.startsWith('..') || isAbsolute(rel)) return true;
    const posix = rel.split(sep).join('/');
    if (posix.split('/').some((s) => s.startsWith('.') || s === 'node_modules')) return true;
    return !this.paths.folders.some((f) => posix === f || posix.startsWith(`${f}/`) || f.startsWith(`${posix}/`));
  }
}

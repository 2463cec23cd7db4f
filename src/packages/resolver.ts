import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { loadProjectConfig } from '../config/index.js';
import type { Env, Warning } from '../config/types.js';
import { TsmodelError, type SourceLocation } from '../errors/index.js';
import { download, fetchError, fetchGit, subfolder, unpackTarball } from './fetch.js';
import { hubPackage, type HubPackage } from './hub.js';
import type { LockedEntry } from './lock.js';
import { compatible, pickVersion, type Constraint } from './semver.js';
import { describeSpec, readSpecFile, writtenUrl, type PackageSpec } from './spec.js';

/** A package the resolution settled on. */
export interface ResolvedPackage {
  /** Its project name: the folder it is installed into. */
  name: string;
  entry: string;
  locked: LockedEntry;
  /** A local package: the folder the install links to. */
  linkTo?: string;
  /** Fetched files, in the staging folder. */
  dir?: string;
  /** Already installed by an earlier deps (from the same lock entry): where. */
  reuse?: string;
  requiredBy: string[];
}

interface HubRequest {
  pkg: string;
  constraints: { c: Constraint; by: string; at: SourceLocation }[];
  prerelease: boolean;
  meta?: HubPackage;
  fetched?: string;
  entry: string;
  at: SourceLocation;
}

/**
 * Resolves a tree of package entries: local folders, git repositories,
 * tarballs and hub packages (whose version ranges from every requirer are
 * intersected), each package's own packages.yml followed, and every package
 * known once. Fetched files land under `work`, nothing outside it is touched.
 */
export class Resolver {
  readonly packages = new Map<string, ResolvedPackage>();
  readonly warnings: Warning[] = [];
  private readonly byKey = new Map<string, ResolvedPackage>();
  private readonly hub = new Map<string, HubRequest>();
  private counter = 0;

  constructor(
    private readonly opts: {
      projectRoot: string;
      rootName: string;
      work: string;
      hubUrl: string;
      env: Env;
      /** Installing from the lock: pinned entries, their own packages.yml not followed. */
      fromLock: boolean;
      /** Lock key → an installed folder holding exactly that (an earlier deps). */
      installed: ReadonlyMap<string, string>;
    },
  ) {
    mkdirSync(opts.work, { recursive: true });
  }

  private scratch(): string {
    return join(this.opts.work, `f${++this.counter}`);
  }

  async add(spec: PackageSpec, by: string, baseDir: string): Promise<void> {
    const entry = describeSpec(spec);
    const at = spec.at;
    if (spec.kind === 'hub') {
      const req = this.hub.get(spec.package) ?? {
        pkg: spec.package,
        constraints: [],
        prerelease: false,
        entry,
        at,
      };
      this.hub.set(spec.package, req);
      req.prerelease ||= spec.prerelease;
      for (const c of spec.constraints) {
        const clash = req.constraints.find((o) => !compatible([o.c, c]));
        if (clash)
          throw new TsmodelError(
            'config',
            `package: ${spec.package}: version '${c.text}' (required by ${by}) conflicts with '${clash.c.text}' (required by ${clash.by})`,
            { location: at, hint: 'Widen one of the version ranges so that some release meets both.' },
          );
        req.constraints.push({ c, by, at });
      }
      if (!compatible(req.constraints.map((x) => x.c)))
        throw new TsmodelError(
          'config',
          `package: ${spec.package}: no version meets every requirement (` +
            `${req.constraints.map((x) => `'${x.c.text}' from ${x.by}`).join(', ')})`,
          { location: at, hint: 'Widen the version ranges.' },
        );
      return;
    }
    if (spec.kind === 'local') {
      const abs = resolve(baseDir, spec.local);
      const key = `local:${abs}`;
      if (this.seen(key, by)) return;
      if (!existsSync(abs) || !statSync(abs).isDirectory())
        throw fetchError(at, entry, `the folder ${abs} does not exist`, 'local: is a path relative to the project.');
      const name = this.projectName(abs, entry, at);
      // The project's own entries are locked as written (dbt's `local: ../`); a package's, relative to the project.
      const rel = baseDir === this.opts.projectRoot ? spec.local : relative(this.opts.projectRoot, abs) || '.';
      this.claim(key, { name, entry, locked: { local: rel }, linkTo: abs, requiredBy: [by] }, at);
      await this.children(abs, name);
      return;
    }
    if (spec.kind === 'git') {
      const key = `git:${spec.git}#${spec.subdirectory ?? ''}`;
      const prev = this.byKey.get(key);
      if (prev && 'git' in prev.locked && spec.revision && !prev.locked.revision.startsWith(spec.revision)) {
        const wanted = prev.entry.match(/@(\S+)/)?.[1] ?? prev.locked.revision;
        if (wanted !== spec.revision)
          throw new TsmodelError(
            'config',
            `git: ${writtenUrl(spec)}: revision '${spec.revision}' (required by ${by}) conflicts with '` +
              `${wanted}' (required by ${prev.requiredBy.join(', ')})`,
            { location: at, hint: 'Require the same revision everywhere.' },
          );
      }
      if (this.seen(key, by)) return;
      const url = writtenUrl(spec);
      const lockedKey = spec.revision
        ? `git:${url}@${spec.revision}${spec.subdirectory ? `#${spec.subdirectory}` : ''}`
        : '';
      const reuse = this.opts.fromLock ? this.opts.installed.get(lockedKey) : undefined;
      if (reuse) {
        const name = this.projectName(reuse, entry, at);
        const locked = {
          git: url,
          revision: spec.revision!,
          ...(spec.subdirectory ? { subdirectory: spec.subdirectory } : {}),
        };
        this.claim(key, { name, entry, locked, reuse, requiredBy: [by] }, at);
        return;
      }
      if (!spec.revision)
        this.warnings.push({
          message:
            `${entry} has no revision: it installs the newest commit of the default branch ` +
            '(pinned in package-lock.yml); give revision: a tag or a commit',
          location: at,
        });
      const clone = this.scratch();
      const commit = await fetchGit(spec.git, spec.revision, clone, at, entry);
      const dir = subfolder(clone, spec.subdirectory, at, entry);
      const name = this.projectName(dir, entry, at);
      const locked = {
        git: url,
        revision: commit,
        ...(spec.subdirectory ? { subdirectory: spec.subdirectory } : {}),
      };
      this.claim(key, { name, entry, locked, dir, requiredBy: [by] }, at);
      await this.children(dir, name);
      return;
    }
    const key = `tarball:${writtenUrl(spec)}`;
    if (this.seen(key, by)) return;
    const reuse = this.opts.fromLock ? this.opts.installed.get(key) : undefined;
    const dir = reuse ?? this.scratch();
    if (!reuse) await unpackTarball(await download(spec.tarball, at, entry), dir, at, entry);
    const name = this.projectName(dir, entry, at);
    const locked = { tarball: writtenUrl(spec), name: spec.name };
    this.claim(key, { name, entry, locked, ...(reuse ? { reuse } : { dir }), requiredBy: [by] }, at);
    if (!reuse) await this.children(dir, name);
  }

  /** Picks a release of every hub package, fetching as needed, until the picks no longer change. */
  async settleHub(): Promise<void> {
    for (let round = 0; round < 50; round++) {
      let changed = false;
      for (const req of [...this.hub.values()]) {
        const constraints = req.constraints.map((x) => x.c);
        const key = (v: string) => `hub:${req.pkg}@${v}`;
        const pinned =
          constraints.length === 1 && constraints[0]!.op === '=' ? constraints[0]!.text.replace(/^=+/, '') : '';
        const reuse = this.opts.fromLock && pinned ? this.opts.installed.get(key(pinned)) : undefined;
        if (reuse && req.fetched !== pinned) {
          const name = this.projectName(reuse, req.entry, req.at);
          this.replace(
            `hub:${req.pkg}`,
            {
              name,
              entry: req.entry,
              locked: { package: req.pkg, version: pinned },
              reuse,
              requiredBy: this.requirers(req),
            },
            req.at,
          );
          req.fetched = pinned;
          continue;
        }
        if (reuse) continue;
        req.meta ??= await hubPackage(this.opts.hubUrl, req.pkg, req.at, req.entry);
        const version = pickVersion(Object.keys(req.meta.releases), constraints, req.prerelease);
        if (!version)
          throw fetchError(
            req.at,
            `package: ${req.pkg}`,
            `no release meets ${req.constraints.map((x) => `'${x.c.text}' (from ${x.by})`).join(' and ')}`,
            `Releases on the hub: ${Object.keys(req.meta.releases).join(', ') || 'none'}.`,
          );
        if (version === req.fetched) continue;
        const release = req.meta.releases[version]!;
        const entry = `package: ${req.pkg}@${version}`;
        const data = await download(release.tarball, req.at, entry);
        const sha1 = createHash('sha1').update(data).digest('hex');
        if (release.sha1 && release.sha1 !== sha1)
          throw fetchError(
            req.at,
            entry,
            `the tarball's sha1 is ${sha1}, the hub says ${release.sha1}`,
            'Try again; the download may be damaged.',
          );
        const dir = this.scratch();
        await unpackTarball(data, dir, req.at, entry);
        const name = this.projectName(dir, entry, req.at);
        this.replace(
          `hub:${req.pkg}`,
          { name, entry, locked: { package: req.pkg, version }, dir, requiredBy: this.requirers(req) },
          req.at,
        );
        req.fetched = version;
        changed = true;
        await this.children(dir, name);
      }
      if (!changed) return;
    }
  }

  private requirers(req: HubRequest): string[] {
    return [...new Set(req.constraints.map((x) => x.by))];
  }

  private async children(dir: string, name: string): Promise<void> {
    if (this.opts.fromLock) return;
    const specFile = readSpecFile(dir, this.opts.env, `${name}/`);
    this.warnings.push(...specFile.warnings);
    for (const spec of specFile.specs) await this.add(spec, name, dir);
  }

  private seen(key: string, by: string): boolean {
    const prev = this.byKey.get(key);
    if (prev && !prev.requiredBy.includes(by)) prev.requiredBy.push(by);
    return prev !== undefined;
  }

  private replace(key: string, pkg: ResolvedPackage, at: SourceLocation): void {
    const prev = this.byKey.get(key);
    if (prev) {
      this.packages.delete(prev.name);
      if (prev.dir) rmSync(prev.dir, { recursive: true, force: true });
      this.byKey.delete(key);
    }
    this.claim(key, pkg, at);
  }

  private claim(key: string, pkg: ResolvedPackage, at: SourceLocation): void {
    if (pkg.name === this.opts.rootName)
      throw fetchError(
        at,
        pkg.entry,
        `is named '${pkg.name}', like the project itself`,
        'A package cannot have the name of the project that installs it.',
      );
    const other = this.packages.get(pkg.name);
    if (other)
      throw fetchError(
        at,
        pkg.entry,
        `is named '${pkg.name}', like ${other.entry} (required by ${other.requiredBy.join(', ')})`,
        'Two different sources give packages of the same name: keep one of them.',
      );
    this.packages.set(pkg.name, pkg);
    this.byKey.set(key, pkg);
  }

  /** The name in a package's dbt_project.yml (or project.yml); an error naming the entry when there is none. */
  private projectName(dir: string, entry: string, at: SourceLocation): string {
    try {
      return loadProjectConfig(dir).config.name;
    } catch (err) {
      const e = err as TsmodelError;
      const missing = /neither project\.yml nor dbt_project\.yml/.test(e.message ?? '');
      throw fetchError(
        at,
        entry,
        missing
          ? 'holds no dbt_project.yml (or project.yml): it is not a dbt package'
          : `has a broken project file (${e.message})`,
        missing
          ? 'Point the entry at the folder holding dbt_project.yml (subdirectory: for a git repository).'
          : 'Fix the package, or pin a release that works.',
      );
    }
  }
}

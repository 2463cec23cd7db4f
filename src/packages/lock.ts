import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { isMapping, parseYamlDocument } from '../config/index.js';
import { TsmodelError } from '../errors/index.js';
import { checkSpec, type PackageSpec } from './spec.js';

export const LOCK_FILE = 'package-lock.yml';

/** A resolved package, as package-lock.yml records it: exact enough to install the same files again. */
export type LockedEntry =
  | { local: string }
  | { git: string; revision: string; subdirectory?: string }
  | { package: string; version: string }
  | { tarball: string; name: string };

export interface Lock {
  packages: LockedEntry[];
  /** The sha1_hash of packages.yml's entries when the lock was written. */
  sha1Hash: string;
}

/** One key per locked source: the same key means the same files. */
export function lockKey(e: LockedEntry): string {
  if ('local' in e) return `local:${e.local}`;
  if ('git' in e) return `git:${e.git}@${e.revision}${e.subdirectory ? `#${e.subdirectory}` : ''}`;
  if ('package' in e) return `hub:${e.package}@${e.version}`;
  return `tarball:${e.tarball}`;
}

/** Reads package-lock.yml; undefined when there is none. */
export function readLock(projectRoot: string): { lock: Lock; specs: PackageSpec[] } | undefined {
  const path = join(projectRoot, LOCK_FILE);
  if (!existsSync(path)) return undefined;
  const doc = parseYamlDocument(readFileSync(path, 'utf8'), LOCK_FILE);
  const raw = doc.value;
  if (!isMapping(raw) || !Array.isArray(raw.packages))
    throw new TsmodelError('config', `${LOCK_FILE} has no 'packages:' list`, {
      location: { file: LOCK_FILE, line: 1 },
      hint: `Delete ${LOCK_FILE} and run tsmodel deps again to write a new one.`,
    });
  const specs = raw.packages.map((e, i) => checkSpec(e, doc.locate(['packages', i])));
  const packages = specs.map((s): LockedEntry => {
    switch (s.kind) {
      case 'local':
        return { local: s.local };
      case 'git':
        return {
          git: s.git,
          revision: s.revision ?? 'HEAD',
          ...(s.subdirectory ? { subdirectory: s.subdirectory } : {}),
        };
      case 'hub':
        return { package: s.package, version: s.constraints.map((c) => c.text).join(',') };
      case 'tarball':
        return { tarball: s.tarball, name: s.name };
    }
  });
  return { lock: { packages, sha1Hash: String(raw.sha1_hash ?? '') }, specs };
}

/** Writes package-lock.yml in dbt's format (written to a temporary file, then renamed). */
export function writeLock(projectRoot: string, lock: Lock): void {
  const text = stringify({ packages: lock.packages, sha1_hash: lock.sha1Hash }, { indentSeq: true, lineWidth: 0 });
  const path = join(projectRoot, LOCK_FILE);
  writeFileSync(`${path}.tmp`, text);
  renameSync(`${path}.tmp`, path);
}

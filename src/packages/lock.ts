import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { isMapping, parseYamlDocument } from '../config/index.js';
import { TsmodelError } from '../errors/index.js';
import { createProfileRenderer } from '../config/render.js';
import type { Env } from '../config/types.js';
import { checkSpec, withWritten, type PackageSpec } from './spec.js';

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
export function readLock(projectRoot: string, env: Env): { sha1Hash: string; specs: PackageSpec[] } | undefined {
  const path = join(projectRoot, LOCK_FILE);
  if (!existsSync(path)) return undefined;
  const doc = parseYamlDocument(readFileSync(path, 'utf8'), LOCK_FILE);
  const raw = doc.value;
  if (!isMapping(raw) || !Array.isArray(raw.packages))
    throw new TsmodelError('config', `${LOCK_FILE} has no 'packages:' list`, {
      location: { file: LOCK_FILE, line: 1 },
      hint: `Delete ${LOCK_FILE} and run tsmodel deps again to write a new one.`,
    });
  // Entries may hold env_var() (a git token): rendered to install, kept as written in the lock.
  const written = raw.packages as unknown[];
  const rendered = createProfileRenderer(env).render(written);
  if (rendered.missing.length > 0)
    throw new TsmodelError('config', `${LOCK_FILE} uses env_var('${rendered.missing[0]}'), which is not set`, {
      location: { file: LOCK_FILE, line: 1 },
      hint: `Set ${rendered.missing[0]} in the environment.`,
    });
  const entries = rendered.value as unknown[];
  const specs = entries.map((e, i) => withWritten(checkSpec(e, doc.locate(['packages', i])), written[i]));
  return { sha1Hash: String(raw.sha1_hash ?? ''), specs };
}

/** Writes package-lock.yml in dbt's format (written to a temporary file, then renamed). */
export function writeLock(projectRoot: string, lock: Lock): void {
  const text = stringify({ packages: lock.packages, sha1_hash: lock.sha1Hash }, { indentSeq: true, lineWidth: 0 });
  const path = join(projectRoot, LOCK_FILE);
  writeFileSync(`${path}.tmp`, text);
  renameSync(`${path}.tmp`, path);
}

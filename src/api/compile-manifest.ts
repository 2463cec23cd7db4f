import {
  manifestMetadata,
  readFragmentTable,
  readIfUnchanged,
  spliceJsonHead,
  writeFragmentTable,
  writeManifestFragments,
  writeManifestRecord,
  type ManifestSection,
  type StoredCompiles,
} from '../artifacts/index.js';
import type { EventBus } from '../events/index.js';
import { sha } from './compile-keys.js';

type Record = NonNullable<StoredCompiles['manifest']>;

/** What `compile` writes manifest.json with, when it keeps its output between processes (compile-reuse.ts). */
export interface CompileManifest {
  projectRoot: string;
  relPath: string;
  /** target/compile_cache.json: the manifest's record and fragment table are kept beside it. */
  cachePath: string;
  /** The code's stamp the cache files are written with. */
  stamp: string;
  /** The key of the parse and SQL (none: no metadata-only rewrite), and the stored parse's lineage (none: no copy). */
  key?: string;
  generation?: string;
  /** The record of the file as the last compile wrote it. */
  previous?: Record;
  meta: Parameters<typeof manifestMetadata>[0];
  sections: () => [string, ManifestSection][];
  events: EventBus;
}

/**
 * Writes manifest.json: when the previous file was written for the same key, only its metadata is written again,
 * the rest copied; else, with a stored parse, each entry made from what it was last made of is copied from the old
 * file (manifest-fragments.ts). Returns the file's record (also written beside the cache).
 */
export function writeCompileManifest(m: CompileManifest): Record {
  const prev = m.previous?.path === m.relPath ? m.previous : undefined;
  const tablePath = m.cachePath.replace(/\.json$/, '') + '.fragments.json';
  const spliced =
    m.key && prev?.key === m.key
      ? spliceJsonHead(m.projectRoot, m.relPath, { metadata: manifestMetadata(m.meta) }, prev)
      : undefined;
  let stamp = spliced;
  let fragments: Record['fragments'];
  if (spliced) {
    const f = prev?.fragments;
    fragments = f && { id: f.id, shift: f.shift + spliced.size - prev!.size };
  } else {
    // The stored parse (and the code, settings and target path) every fragment's bytes depend on, but its token.
    const lineage = m.generation ? sha(`${m.generation}\0${m.relPath}`) : undefined;
    const old = lineage && prev?.fragments ? oldFragments(m, tablePath, prev) : undefined;
    const written = writeManifestFragments(m.projectRoot, m.relPath, m.sections(), lineage, old);
    fragments = written.table && { id: written.table.id, shift: 0 };
    if (!keep(m, () => writeFragmentTable(tablePath, m.stamp, written.table))) fragments = undefined;
    stamp = written.stamp;
    m.events.log('debug', `manifest: ${written.reused} piece(s) copied from the previous file`);
  }
  const record = { ...(m.key ? { key: m.key } : {}), path: m.relPath, ...stamp!, ...(fragments ? { fragments } : {}) };
  keep(m, () => writeManifestRecord(m.cachePath, m.stamp, record));
  return record;
}

/** The previous manifest.json's bytes and fragment table, when the file and table are those `prev` records. */
function oldFragments(m: CompileManifest, tablePath: string, prev: Record) {
  const table = readFragmentTable(tablePath, m.stamp);
  if (!table || table.id !== prev.fragments?.id) return undefined;
  const bytes = readIfUnchanged(m.projectRoot, m.relPath, prev);
  return bytes && { bytes, table, shift: prev.fragments.shift };
}

/** Writes a cache file; one that cannot be written is a debug line (the next process makes it again). */
function keep(m: CompileManifest, write: () => void): boolean {
  try {
    write();
    return true;
  } catch (err) {
    m.events.log('debug', `compile reuse: not kept (${err instanceof Error ? err.message : String(err)})`);
    return false;
  }
}

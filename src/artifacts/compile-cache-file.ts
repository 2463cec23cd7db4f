import { rmSync } from 'node:fs';
import { readStamped as readFile, writeStamped as writeFile } from './stamped-file.js';

/*
 * target/compile_cache.json: what `compile` leaves for the next process (api/compile-reuse.ts decides what of it
 * holds). A first line names the format and the code that wrote it (a cache from other code is never read), then
 * one JSON value.
 */

const MAGIC = 'tsmodel-compile-cache 1';

/** A node's compiled SQL as kept, with what it was made from. */
export interface StoredCompile {
  /** The node, its parents' relations, its macros, the project, target and code: see compile-reuse.ts. */
  key: string;
  /** The node's checksum: with the same stored parse (StoredCompiles.generation), the same node. */
  checksum?: string;
  sql: string;
  /** The vars and env vars its render read: a hash of each value ('' when unset). */
  vars: Record<string, string>;
  env: Record<string, string>;
  /** The compiled file as written: its size and modification time (a file that still has them is not read). */
  file?: { path: string; size: number; mtimeMs: number };
}

export interface StoredCompiles {
  nodes: Record<string, StoredCompile>;
  /**
   * The parse every key was made from (its PartialParse.generation, with the code and settings): a process that
   * reused the same parse has the same nodes, and takes the keys as they are.
   */
  generation?: string;
  /**
   * manifest.json as written for `key` (the parse, the compiled SQL: a rewrite changes its metadata only), and
   * with which fragment table (manifest-fragments.ts), its fragments moved by `shift` bytes since.
   */
  manifest?: { key?: string; path: string; size: number; mtimeMs: number; fragments?: { id: string; shift: number } };
  /** Column-lineage warnings of a compile, valid only for exactly that compile (`key`). */
  warnings?: { key: string; lines: string[] };
}

/** Where the record of manifest.json is kept: beside the cache (a manifest is written again every time). */
const manifestRecordPath = (path: string) => path.replace(/\.json$/, '') + '.manifest.json';

/**
 * The stored compiles in `path` if written by the same code (`stamp`), with the manifest's record beside it;
 * else why not (a debug line).
 */
export function readCompileCache(path: string, stamp: string): StoredCompiles | { reason: string } {
  const value = readStamped(path, stamp);
  if ('reason' in value) return value;
  if (!value || typeof value !== 'object' || typeof value.nodes !== 'object' || value.nodes === null)
    return { reason: `${path} is damaged` };
  const manifest = readStamped(manifestRecordPath(path), stamp);
  const ok = !('reason' in manifest) && typeof manifest === 'object' && manifest !== null;
  return {
    ...(value as StoredCompiles),
    manifest: ok ? (manifest as unknown as StoredCompiles['manifest']) : undefined,
  };
}

function readStamped(path: string, stamp: string): { reason: string } | StoredCompiles {
  const read = readFile(path, `${MAGIC} ${stamp}`);
  return 'reason' in read ? read : (read.value as StoredCompiles);
}

/** Writes the compiles for the next process (but the manifest's record): to a file of its own, then renamed. */
export function writeCompileCache(path: string, stamp: string, value: Omit<StoredCompiles, 'manifest'>): void {
  writeStamped(path, stamp, value);
}

/** Writes the record of manifest.json beside the cache (none: removes it). */
export function writeManifestRecord(path: string, stamp: string, manifest: StoredCompiles['manifest']): void {
  if (manifest) writeStamped(manifestRecordPath(path), stamp, manifest);
  else rmSync(manifestRecordPath(path), { force: true });
}

function writeStamped(path: string, stamp: string, value: unknown): void {
  writeFile(path, `${MAGIC} ${stamp}`, value);
}

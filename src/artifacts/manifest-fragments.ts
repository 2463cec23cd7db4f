import { hash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { replaceFileFd } from './replace-file.js';
import { dirname, join } from 'node:path';
import { scrubText, scrubValue } from '../secrets/index.js';
import { emit, jsonValue } from './json-stream.js';
import type { EntrySource, ManifestSection } from './manifest.js';
import { readStamped, writeStamped } from './stamped-file.js';
import { writeError } from './write-error.js';
import type { FileStamp } from './write.js';

/*
 * manifest.json written from the pieces of the previous one: each entry of a node section (nodes, sources,
 * disabled, exposures, unit_tests) and each other section but the metadata is a fragment, and the table of where
 * each one is in the file (FragmentTable) is kept beside the compile cache. A fragment whose token is as recorded,
 * under the same lineage (the stored parse it was made from, the code and settings: the caller's), is copied from
 * the old file byte for byte; anything else is made and written as writeJson writes it. The bytes are those of
 * writeJson(buildManifest(…)).
 */

/** A fragment as written: what it was made of (its token), where its value starts and how long it is. */
export type Fragment = [token: string, offset: number, length: number];

export interface FragmentTable {
  /** Names this table: the manifest record says which table the file on disk was written with. */
  id: string;
  /** The caller's key of everything a fragment's bytes depend on but its token. */
  lineage: string;
  sections: Record<string, Fragment | Record<string, Fragment>>;
}

/** The file written, and its table (none without a lineage). */
export interface FragmentsWritten {
  stamp: FileStamp;
  table?: FragmentTable;
  reused: number;
}

const sha = (text: string) => hash('sha256', text, 'hex');

/** What a node's entry is made of besides the stored parse it comes from: its checksum, compiled SQL, deferral. */
function tokenOf(e: EntrySource): string {
  if (!e.node) return '';
  const sql = e.compiled === undefined ? '-' : sha(e.compiled);
  return `${e.node.checksum}:${sql}${e.deferred ? `:${JSON.stringify(e.deferred)}` : ''}`;
}

/** Bytes out, with runs of the old file's bytes kept as slices (and text equal to what follows a run joined to it). */
class Splicer {
  pos = 0;
  private parts: Buffer[] = [];
  private pending = 0;
  private run: { start: number; end: number } | undefined;

  constructor(
    private readonly fd: number,
    private readonly old: Buffer | undefined,
  ) {}

  text(s: string): void {
    const b = Buffer.from(s);
    this.pos += b.length;
    const run = this.run;
    if (run && this.old && b.length <= 512 && this.old.subarray(run.end, run.end + b.length).equals(b)) {
      run.end += b.length;
      return;
    }
    this.endRun();
    this.add(b);
  }

  copy(offset: number, length: number): void {
    this.pos += length;
    if (this.run && this.run.end === offset) this.run.end += length;
    else {
      this.endRun();
      this.run = { start: offset, end: offset + length };
    }
  }

  flush(): void {
    this.endRun();
    const parts = this.pending < 1 << 22 ? [Buffer.concat(this.parts)] : this.parts;
    for (const p of parts) for (let at = 0; at < p.length;) at += writeSync(this.fd, p, at);
    this.parts = [];
    this.pending = 0;
  }

  private endRun(): void {
    const run = this.run;
    this.run = undefined;
    if (run && this.old) this.add(this.old.subarray(run.start, run.end));
  }

  private add(b: Buffer): void {
    this.parts.push(b);
    this.pending += b.length;
    if (this.pending > 1 << 22 || this.parts.length > 4096) this.flush();
  }
}

/** Text of a value `depth` levels down, as writeJson writes it there. */
function textOf(v: unknown, depth: number): string {
  const parts: string[] = [];
  emit({ push: (s) => parts.push(s) }, v, depth, scrubValue, scrubText);
  return parts.join('');
}

const isFragment = (f: unknown): f is Fragment =>
  Array.isArray(f) &&
  f.length === 3 &&
  typeof f[0] === 'string' &&
  Number.isSafeInteger(f[1]) &&
  Number.isSafeInteger(f[2]);

/**
 * Writes manifest.json (`relPath`) from `sections`, copying from the old file (`old`: its bytes, the table it was
 * written with and how far its fragments moved since) each fragment the table holds with the same token, when the
 * table's lineage is `lineage`. Written beside the file and renamed over it.
 */
export function writeManifestFragments(
  projectRoot: string,
  relPath: string,
  sections: [string, ManifestSection][],
  lineage: string | undefined,
  old?: { bytes: Buffer; table: FragmentTable; shift: number },
): FragmentsWritten {
  const abs = join(projectRoot, relPath);
  const prev = lineage !== undefined && old?.table.lineage === lineage ? old : undefined;
  /** The old fragment to copy, when it is one and holds a JSON object or array where it should. */
  const usable = (f: unknown, token: string): Fragment | undefined => {
    if (!prev || !isFragment(f) || f[0] !== token) return undefined;
    const at = f[1] + prev.shift;
    const end = at + f[2];
    if (at < 0 || f[2] < 2 || end > prev.bytes.length) return undefined;
    const [a, z] = [prev.bytes[at], prev.bytes[end - 1]];
    return (a === 0x7b && z === 0x7d) || (a === 0x5b && z === 0x5d) ? [token, at, f[2]] : undefined;
  };
  const table: FragmentTable = { id: randomBytes(8).toString('hex'), lineage: lineage ?? '', sections: {} };
  let reused = 0;
  try {
    mkdirSync(dirname(abs), { recursive: true });
    replaceFileFd(abs, (fd) => {
      const out = new Splicer(fd, prev?.bytes);
      /** One value: copied when its fragment is usable, else made; its fragment as written, null when left out. */
      const one = (
        key: string,
        head: string,
        depth: number,
        token: string | undefined,
        f: unknown,
        make: () => unknown,
      ) => {
        const from = token === undefined ? undefined : usable(f, token);
        if (from) {
          out.text(head);
          const at = out.pos;
          out.copy(from[1], from[2]);
          reused++;
          return [from[0], at, from[2]] as Fragment;
        }
        const v = jsonValue(key, make());
        if (v === undefined) return null;
        out.text(head);
        const at = out.pos;
        out.text(textOf(v, depth));
        return token === undefined ? undefined : ([token, at, out.pos - at] as Fragment);
      };
      let first = true;
      for (const [key, section] of sections) {
        const head = `${first ? '{' : ','}\n  ${JSON.stringify(scrubText(key))}: `;
        const had = prev?.table.sections[key];
        if ('value' in section) {
          const f = one(key, head, 1, section.volatile ? undefined : '', had, section.value);
          if (f) table.sections[key] = f;
          if (f !== null) first = false;
          continue;
        }
        out.text(head);
        first = false;
        const entries: Record<string, Fragment> = {};
        const hadEntries = had && !isFragment(had) && typeof had === 'object' ? had : undefined;
        let n = 0;
        for (const [id, e] of Object.entries(section.entries)) {
          const at = `${n === 0 ? '{' : ','}\n    ${JSON.stringify(scrubText(id))}: `;
          const f = one(id, at, 2, lineage === undefined ? undefined : tokenOf(e), hadEntries?.[id], e.make);
          if (f) entries[id] = f;
          if (f !== null) n++;
        }
        out.text(n === 0 ? '{}' : '\n  }');
        table.sections[key] = entries;
      }
      out.text(first ? '{}\n' : '\n}\n');
      out.flush();
    });
  } catch (err) {
    throw writeError(abs, err);
  }
  const st = statSync(abs);
  return { stamp: { size: st.size, mtimeMs: st.mtimeMs }, ...(lineage !== undefined ? { table } : {}), reused };
}

const MAGIC = 'tsmodel-manifest-fragments 1';

/** The fragment table in `path` when written by the same code (`stamp`) and whole, else undefined. */
export function readFragmentTable(path: string, stamp: string): FragmentTable | undefined {
  const read = readStamped(path, `${MAGIC} ${stamp}`);
  if ('reason' in read) return undefined;
  const t = read.value as Partial<FragmentTable> | null;
  const ok = t && typeof t === 'object' && typeof t.id === 'string' && typeof t.lineage === 'string';
  return ok && t.sections && typeof t.sections === 'object' ? (t as FragmentTable) : undefined;
}

/** Writes the fragment table (none: removes the file). */
export function writeFragmentTable(path: string, stamp: string, table: FragmentTable | undefined): void {
  if (table) writeStamped(path, `${MAGIC} ${stamp}`, table);
  else rmSync(path, { force: true });
}

/** manifest.json's bytes, when it still has the size and time it was written with (`known`). */
export function readIfUnchanged(projectRoot: string, relPath: string, known: FileStamp): Buffer | undefined {
  const abs = join(projectRoot, relPath);
  try {
    const st = statSync(abs, { throwIfNoEntry: false });
    if (!st || !st.isFile() || st.size !== known.size || st.mtimeMs !== known.mtimeMs) return undefined;
    const bytes = readFileSync(abs);
    return bytes.length === known.size ? bytes : undefined;
  } catch {
    return undefined;
  }
}

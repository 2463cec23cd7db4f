import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { PreviousParse, StoredParse, StoredSqlEntries } from '../parse/index.js';

/*
 * target/partial_parse.bin: what a parse leaves for the next process. A first line names the format, a second
 * (JSON) the code that wrote it and the sizes of two V8-serialized sections, read only when needed: the whole
 * parse (a reuse or an edit needs only this) and the rendered SQL files (a parse needs only these).
 */

const MAGIC = 'tsmodel-partial-parse 1';

interface Header {
  stamp: string;
  /** Names this file's parse: see PartialParse.generation. */
  id?: string;
  parseBytes: number;
  entriesBytes: number;
}

/** The earlier parse in `path`, if written by the same code (`stamp`); else why not (a debug line). */
export function readPartialParse(path: string, stamp: string): PreviousParse {
  let buf: Buffer;
  try {
    buf = readFileSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return { reason: code === 'ENOENT' ? 'no earlier parse' : `${path} is unreadable (${code ?? String(err)})` };
  }
  const first = buf.indexOf(10);
  const second = first < 0 ? -1 : buf.indexOf(10, first + 1);
  if (second < 0 || buf.toString('utf8', 0, first) !== MAGIC) return { reason: `${path} is not a partial parse` };
  let header: Header;
  try {
    header = JSON.parse(buf.toString('utf8', first + 1, second)) as Header;
  } catch {
    return { reason: `${path} has a damaged header` };
  }
  if (header.stamp !== stamp) return { reason: `${path} was written by another version of tsmodel` };
  const start = second + 1;
  const mid = start + header.parseBytes;
  if (mid + header.entriesBytes !== buf.length) return { reason: `${path} is truncated` };
  return {
    parse: () => deserialize(buf.subarray(start, mid)) as StoredParse,
    entries: () => deserialize(buf.subarray(mid)) as StoredSqlEntries,
    entriesBytes: () => buf.subarray(mid),
    ...(typeof header.id === 'string' ? { id: header.id } : {}),
  };
}

/**
 * Writes a parse for the next process: to a file of its own, then renamed over `path` (readers never see half).
 * Returns the id it was given (PartialParse.generation).
 */
export function writePartialParse(
  path: string,
  stamp: string,
  parse: StoredParse,
  entries: StoredSqlEntries | Uint8Array,
): string {
  const a = serialize(parse);
  const b = entries instanceof Uint8Array ? entries : serialize(entries);
  const id = randomBytes(12).toString('hex');
  const header: Header = { stamp, id, parseBytes: a.length, entriesBytes: b.length };
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(tmp, Buffer.concat([Buffer.from(`${MAGIC}\n${JSON.stringify(header)}\n`), a, b]));
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
  return id;
}

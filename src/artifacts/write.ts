import { mkdirSync, writeFileSync, readFileSync, existsSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { scrubText, scrubValue } from '../secrets/index.js';
import { writeJsonFile } from './json-stream.js';
import { writeError } from './write-error.js';

/*
 * The only writer of target/ and logs/, and so one of the two places output
 * leaves the process (the CLI's console is the other): every known secret is
 * scrubbed here — text as text, JSON and page data value by value.
 */

/** Folders this process made or found (a compile writes thousands of files into a few folders). */
const madeDirs = new Set<string>();

function write(projectRoot: string, relPath: string, contents: string, onlyIfChanged = false): void {
  const abs = join(projectRoot, relPath);
  const dir = dirname(abs);
  try {
    if (!madeDirs.has(dir)) makeDir(dir);
    if (onlyIfChanged && sameContents(abs, contents)) return;
    try {
      writeFileSync(abs, contents);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      makeDir(dir); // the folder was removed since (tsmodel clean while watching)
      writeFileSync(abs, contents);
    }
  } catch (err) {
    throw writeError(abs, err);
  }
}

function makeDir(dir: string): void {
  mkdirSync(dir, { recursive: true });
  rememberDir(dir);
}

/** Whether this process already made or found the folder. */
export const knownDir = (dir: string): boolean => madeDirs.has(dir);

/** Notes a folder that exists (made or found), so that its next file skips the mkdir. */
export function rememberDir(dir: string): void {
  if (madeDirs.size > 10_000) madeDirs.clear();
  madeDirs.add(dir);
}

/** Whether a file already holds exactly this text (reading is far cheaper than rewriting thousands of files). */
function sameContents(abs: string, contents: string): boolean {
  try {
    const st = statSync(abs, { throwIfNoEntry: false }); // a new file: no error built (a fresh target/ has thousands)
    if (!st || !st.isFile() || st.size !== Buffer.byteLength(contents)) return false;
    return readFileSync(abs, 'utf8') === contents;
  } catch {
    return false;
  }
}

/** Writes a text file under the project root, creating folders; a file that already holds the text is left as it is. */
export function writeProjectFile(projectRoot: string, relPath: string, contents: string): void {
  write(projectRoot, relPath, scrubText(contents), true);
}

/** A file as last written: its size and modification time. */
export interface FileStamp {
  size: number;
  mtimeMs: number;
}

/**
 * writeProjectFile for a file whose last write is known (`known`, kept by an earlier process with the text it
 * wrote, which the caller found equal): a file that still has that size and time is neither read nor rewritten.
 * Returns the file's size and time after, undefined when it cannot be read back.
 */
export function writeProjectFileKnown(
  projectRoot: string,
  relPath: string,
  contents: string,
  known?: FileStamp,
): FileStamp | undefined {
  const abs = join(projectRoot, relPath);
  const stamp = () => {
    const st = statSync(abs, { throwIfNoEntry: false });
    return st && st.isFile() ? { size: st.size, mtimeMs: st.mtimeMs } : undefined;
  };
  if (known) {
    const now = stamp();
    if (now && now.size === known.size && now.mtimeMs === known.mtimeMs) return now;
  }
  writeProjectFile(projectRoot, relPath, contents);
  return stamp();
}

/** Writes JSON as JSON.stringify(value, null, 2) would, streamed (manifest.json of 10,000 models is 100 MB). */
export function writeJson(projectRoot: string, relPath: string, value: unknown): void {
  const abs = join(projectRoot, relPath);
  try {
    mkdirSync(dirname(abs), { recursive: true });
    writeJsonFile(abs, value, scrubValue, scrubText);
  } catch (err) {
    throw writeError(abs, err);
  }
}

/** A page that embeds data (docs, dashboard): the data is scrubbed before `render` sees it, the page's code is left alone. */
export async function writePage<T>(
  projectRoot: string,
  relPath: string,
  data: T,
  render: (data: T) => Promise<string> | string,
): Promise<void> {
  write(projectRoot, relPath, await render(scrubValue(data)));
}

export { logFileWriter, type LogFile, type LogRotation } from './log-file.js';
export { writeError } from './write-error.js';

/** Removes an artifact an earlier run wrote that this one could not write again (a stale one would mislead). */
export function removeArtifact(projectRoot: string, relPath: string): boolean {
  const abs = join(projectRoot, relPath);
  if (!existsSync(abs)) return false;
  try {
    rmSync(abs, { force: true });
  } catch (err) {
    throw writeError(abs, err);
  }
  return true;
}

/** Reads a JSON artifact from an earlier run (for --state); undefined when absent. */
export function readJsonIfExists(absPath: string): unknown {
  if (!existsSync(absPath)) return undefined;
  return JSON.parse(readFileSync(absPath, 'utf8'));
}

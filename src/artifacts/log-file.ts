import { closeSync, existsSync, mkdirSync, openSync, renameSync, statSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { scrubLine } from '../secrets/index.js';
import { writeError } from './write-error.js';

export interface LogRotation {
  /** Rotate when the file would grow past this many bytes (default 10 MiB). */
  maxBytes?: number;
  /** How many rotated files to keep: pipeline.log.1 … .N (default 3). */
  keep?: number;
}

/** Appends one line per call. Between `hold()` and `release()` the file stays open (one write per line). */
export interface LogFile {
  (line: string): void;
  /** Keeps the file open until the matching `release()` (holds nest: a run inside a run, two runs at once). */
  hold(): void;
  /** Ends a `hold()`; the last one closes the file. Lines written afterwards open, append and close it each. */
  release(): void;
}

function rotate(abs: string, keep: number): void {
  for (let i = keep; i >= 1; i--) {
    const from = i === 1 ? abs : `${abs}.${i - 1}`;
    if (existsSync(from)) renameSync(from, `${abs}.${i}`);
  }
}

/** Writes all of `bytes` at the end of the file (append mode); a short write continues where it stopped. */
function writeAll(fd: number, bytes: Buffer): void {
  for (let done = 0; done < bytes.length;) done += writeSync(fd, bytes, done, bytes.length - done);
}

/**
 * An appender for logs/pipeline.log (one JSON line per call), rotated by
 * size so it cannot grow without bound: pipeline.log.1 is the previous file.
 * Each line reaches the file when the call returns (no buffer in the process),
 * so a process killed mid-run loses nothing; holding the file open only saves
 * opening and closing it for every line (a run writes several per node).
 */
export function logFileWriter(projectRoot: string, relPath: string, rotation: LogRotation = {}): LogFile {
  const abs = join(projectRoot, relPath);
  const maxBytes = rotation.maxBytes ?? 10 * 1024 * 1024;
  const keep = Math.max(1, rotation.keep ?? 3);
  mkdirSync(dirname(abs), { recursive: true });
  let size = existsSync(abs) ? statSync(abs).size : 0;
  let holds = 0;
  let fd: number | undefined;
  const close = () => {
    if (fd === undefined) return;
    const open = fd;
    fd = undefined;
    closeSync(open);
  };
  const append = (bytes: Buffer) => {
    const target = fd ?? openSync(abs, 'a');
    try {
      writeAll(target, bytes);
    } finally {
      if (holds > 0) fd = target;
      else closeSync(target);
    }
  };
  const log = (raw: string) => {
    const bytes = Buffer.from(`${scrubLine(raw)}\n`);
    if (size > 0 && size + bytes.length > maxBytes) {
      close();
      rotate(abs, keep);
      size = 0;
    }
    try {
      append(bytes);
    } catch (err) {
      throw writeError(abs, err);
    }
    size += bytes.length;
  };
  return Object.assign(log, {
    hold: () => void holds++,
    release: () => {
      if (holds > 0 && --holds === 0) close();
    },
  });
}

import { mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync, statSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { logFileWriter, writeProjectFile } from './write.js';

describe('logFileWriter', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('appends one line per call and rotates by size, keeping a bounded number of files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tsmodel-log-'));
    dirs.push(dir);
    const write = logFileWriter(dir, 'logs/pipeline.log', { maxBytes: 100, keep: 2 });
    for (let i = 0; i < 30; i++) write(JSON.stringify({ i, message: 'x'.repeat(20) }));
    const files = readdirSync(join(dir, 'logs')).sort();
    expect(files).toEqual(['pipeline.log', 'pipeline.log.1', 'pipeline.log.2']);
    for (const f of files) {
      const text = readFileSync(join(dir, 'logs', f), 'utf8');
      expect(text.length).toBeLessThanOrEqual(100);
      for (const line of text.trim().split('\n')) expect(JSON.parse(line).message).toBe('x'.repeat(20));
    }
    const last = readFileSync(join(dir, 'logs/pipeline.log'), 'utf8').trim().split('\n').pop()!;
    expect(JSON.parse(last).i).toBe(29);
  });

  it('a new writer continues the existing file and rotates it when it is already full', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tsmodel-log-'));
    dirs.push(dir);
    logFileWriter(dir, 'logs/p.log', { maxBytes: 60 })('{"a":"' + 'y'.repeat(50) + '"}');
    logFileWriter(dir, 'logs/p.log', { maxBytes: 60 })('{"b":1}');
    expect(readFileSync(join(dir, 'logs/p.log'), 'utf8')).toBe('{"b":1}\n');
    expect(readFileSync(join(dir, 'logs/p.log.1'), 'utf8')).toContain('"a"');
  });
});

/** How many of this process's file descriptors point at `path` (Linux: /proc/self/fd). */
function descriptorsOn(path: string): number {
  return readdirSync('/proc/self/fd').filter((fd) => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`) === path;
    } catch {
      return false;
    }
  }).length;
}

describe.runIf(process.platform === 'linux')('logFileWriter held open for a run', () => {
  it('keeps one descriptor while held (nested holds too), rotates through it, and closes on the last release', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tsmodel-log-'));
    try {
      const abs = join(dir, 'logs/pipeline.log');
      const write = logFileWriter(dir, 'logs/pipeline.log', { maxBytes: 100, keep: 1 });
      write('{"before":1}');
      expect(descriptorsOn(abs)).toBe(0);
      write.hold();
      write.hold();
      for (let i = 0; i < 8; i++) write(JSON.stringify({ i, message: 'x'.repeat(20) }));
      // Every line is in the file as soon as the call returns: nothing is lost if the process is killed.
      const lines = (f: string) =>
        readFileSync(join(dir, 'logs', f), 'utf8')
          .trim()
          .split('\n');
      expect(lines('pipeline.log').map((l) => JSON.parse(l).i)).toEqual([6, 7]);
      expect(lines('pipeline.log.1').map((l) => JSON.parse(l).i)).toEqual([4, 5]);
      expect(descriptorsOn(abs)).toBe(1);
      write.release();
      expect(descriptorsOn(abs)).toBe(1);
      write.release();
      expect(descriptorsOn(abs)).toBe(0);
      write('{"after":1}');
      expect(descriptorsOn(abs)).toBe(0);
      expect(lines('pipeline.log').pop()).toBe('{"after":1}');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('writeProjectFile', () => {
  it('leaves a file that already holds the text alone, rewrites a changed one, and survives its folder going', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tsmodel-write-'));
    try {
      const rel = 'target/compiled/bench/models/a.sql';
      writeProjectFile(dir, rel, 'select 1\n');
      const abs = join(dir, rel);
      utimesSync(abs, new Date(2000, 0, 1), new Date(2000, 0, 1));
      writeProjectFile(dir, rel, 'select 1\n');
      expect(statSync(abs).mtime.getFullYear()).toBe(2000);
      writeProjectFile(dir, rel, 'select 2\n');
      expect(readFileSync(abs, 'utf8')).toBe('select 2\n');
      writeProjectFile(dir, rel, 'select 22\n'); // same folder, longer text
      expect(readFileSync(abs, 'utf8')).toBe('select 22\n');
      rmSync(join(dir, 'target'), { recursive: true });
      writeProjectFile(dir, rel, 'select 3\n');
      expect(readFileSync(abs, 'utf8')).toBe('select 3\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

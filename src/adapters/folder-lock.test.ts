import { existsSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LockBusy, LockWaitCancelled, lockFileOf, lockFolder } from './folder-lock.js';

describe('the lock file of a PGlite folder', () => {
  let dir: string;
  let folder: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tsmodel-folder-lock-'));
    folder = join(dir, 'pgdata');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is taken beside the folder with pid, command and time, and removed on release', async () => {
    const release = await lockFolder(folder, 'build', { timeoutMs: 0 });
    const info = JSON.parse(readFileSync(lockFileOf(folder), 'utf8')) as Record<string, unknown>;
    expect(info).toMatchObject({ pid: process.pid, command: 'build' });
    expect(Number.isNaN(Date.parse(String(info.since)))).toBe(false);
    release();
    expect(existsSync(lockFileOf(folder))).toBe(false);
  });

  it('a second taker waits, saying who holds it, then gives up naming the holder', async () => {
    const release = await lockFolder(folder, 'build', { timeoutMs: 0 });
    const waits: string[] = [];
    const second = lockFolder(folder, 'show', { timeoutMs: 300, pollMs: 50, onWait: (h) => waits.push(h) });
    await expect(second).rejects.toBeInstanceOf(LockBusy);
    await expect(second).rejects.toMatchObject({
      holder: expect.stringMatching(/^pid \d+, tsmodel build, since \d{4}-/),
    });
    expect(waits).toHaveLength(1);
    release();
  });

  it('a second taker gets it once the first lets go', async () => {
    const release = await lockFolder(folder, 'build', { timeoutMs: 0 });
    const second = lockFolder(folder, 'run', { timeoutMs: 10_000, pollMs: 20 });
    setTimeout(release, 100);
    const releaseSecond = await second;
    expect(JSON.parse(readFileSync(lockFileOf(folder), 'utf8'))).toMatchObject({ command: 'run' });
    releaseSecond();
  });

  it('takes over the file of a process that is gone, and of an old half-written file', async () => {
    writeFileSync(lockFileOf(folder), JSON.stringify({ pid: 2 ** 22 + 4321, command: 'build', since: '2020-01-01' }));
    (await lockFolder(folder, 'run', { timeoutMs: 0 }))();
    writeFileSync(lockFileOf(folder), '{"pid": 12');
    utimesSync(lockFileOf(folder), new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
    (await lockFolder(folder, 'run', { timeoutMs: 0 }))();
  });

  it('treats a half-written file written just now as a process that is starting', async () => {
    writeFileSync(lockFileOf(folder), '{"pid": 12');
    await expect(lockFolder(folder, 'run', { timeoutMs: 0 })).rejects.toMatchObject({
      holder: 'a tsmodel process that is starting',
    });
  });

  it('does not remove a file that is no longer its own', async () => {
    const release = await lockFolder(folder, 'build', { timeoutMs: 0 });
    writeFileSync(lockFileOf(folder), JSON.stringify({ pid: process.pid, command: 'other', since: 'now' }));
    release();
    expect(existsSync(lockFileOf(folder))).toBe(true);
  });

  it('stops waiting when cancelled', async () => {
    const release = await lockFolder(folder, 'build', { timeoutMs: 0 });
    let stop = false;
    const second = lockFolder(folder, 'run', { timeoutMs: 60_000, pollMs: 20, cancelled: () => stop });
    setTimeout(() => (stop = true), 100);
    await expect(second).rejects.toBeInstanceOf(LockWaitCancelled);
    release();
  });
});

import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { TsmodelError } from '../errors/index.js';

/**
 * The lock file of a PGlite data folder: `<folder>.lock`, beside it, holding
 * the pid, the command and the time of the process that has the folder open.
 * PGlite is PostgreSQL in single-user mode: two processes opening one folder
 * corrupt it, so the folder is opened only while holding this file. A lock
 * file whose process is gone (killed) is taken over.
 */
export function lockFileOf(folder: string): string {
  return `${folder.replace(/\/+$/, '')}.lock`;
}

export interface WaitOptions {
  /** How long to wait for the holder, in milliseconds. */
  timeoutMs: number;
  /** How often to look again (default 250 ms). */
  pollMs?: number;
  /** Called once, when the lock is busy and the wait starts, with who holds it. */
  onWait?: (holder: string) => void;
  /** Stops the wait (Ctrl-C): checked before each look; the wait then throws LockWaitCancelled. */
  cancelled?: () => boolean;
}

/** Thrown when a wait for a lock was cancelled (Ctrl-C / SIGTERM while waiting). */
export class LockWaitCancelled extends Error {
  constructor() {
    super('cancelled while waiting for the lock');
  }
}

/** Thrown when the holder did not let go within timeoutMs; `holder` says who it is. */
export class LockBusy extends Error {
  constructor(
    readonly holder: string,
    readonly timeoutMs: number,
  ) {
    super(`busy (${holder})`);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Tries until `attempt` takes the lock (returns undefined) or the timeout passes (throws LockBusy, naming the holder). */
export async function waitForLock(opts: WaitOptions, attempt: () => Promise<string | undefined>): Promise<void> {
  const deadline = Date.now() + opts.timeoutMs;
  let waited = false;
  for (;;) {
    if (opts.cancelled?.()) throw new LockWaitCancelled();
    const holder = await attempt();
    if (holder === undefined) return;
    if (Date.now() >= deadline) throw new LockBusy(holder, opts.timeoutMs);
    if (!waited) opts.onWait?.(holder);
    waited = true;
    await sleep(opts.pollMs ?? 250);
  }
}

/**
 * Takes the folder's lock file, waiting for its holder as `opts` says.
 * Returns the release function (which removes the file only while it is still ours).
 */
export async function lockFolder(folder: string, command: string, opts: WaitOptions): Promise<() => void> {
  const file = lockFileOf(folder);
  let mine = '';
  await waitForLock(opts, async () => {
    const got = tryLockFile(file, command);
    if (got.taken) mine = got.content;
    return got.taken ? undefined : got.holder;
  });
  return () => {
    try {
      if (readFileSync(file, 'utf8') === mine) rmSync(file, { force: true });
    } catch {
      // already gone
    }
  };
}

/** Takes the folder's lock file now, without waiting: the release function, or who holds it. */
export function tryLockFolder(folder: string, command: string): { release: () => void } | { holder: string } {
  const file = lockFileOf(folder);
  const got = tryLockFile(file, command);
  if (!got.taken) return { holder: got.holder };
  return {
    release: () => {
      try {
        if (readFileSync(file, 'utf8') === got.content) rmSync(file, { force: true });
      } catch {
        // already gone
      }
    },
  };
}

type Attempt = { taken: true; content: string } | { taken: false; holder: string };

/** Takes the lock file if free (or stale); otherwise says who holds it. */
function tryLockFile(file: string, command: string): Attempt {
  mkdirSync(dirname(file), { recursive: true });
  const content = JSON.stringify({ pid: process.pid, command, since: new Date().toISOString() });
  try {
    const fd = openSync(file, 'wx');
    writeSync(fd, content);
    closeSync(fd);
    return { taken: true, content };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  let info: { pid?: number; command?: string; since?: string } = {};
  try {
    info = JSON.parse(readFileSync(file, 'utf8')) as typeof info;
  } catch {
    // being written by a process that is starting (just now), or half-written by one that died (stale)
    if (Date.now() - modifiedAt(file) < 2000) return { taken: false, holder: 'a tsmodel process that is starting' };
  }
  if (!info.pid || !alive(info.pid)) {
    if (existsSync(file)) rmSync(file, { force: true });
    return tryLockFile(file, command);
  }
  const what = info.command ? `tsmodel ${info.command}` : 'tsmodel';
  return { taken: false, holder: `pid ${info.pid}, ${what}, since ${info.since ?? 'unknown'}` };
}

function modifiedAt(file: string): number {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The error of a run that gave up waiting for the target's lock. */
export function lockBusyError(targetName: string, holder: string, timeoutMs: number): TsmodelError {
  return new TsmodelError(
    'connection',
    `Another tsmodel run holds the lock on target '${targetName}' (${holder}); gave up after waiting ${Math.round(timeoutMs / 1000)}s`,
    {
      hint:
        'Wait for it to finish, or raise lock_timeout (seconds) in the target. One run per target at ' +
        'a time keeps builds from interleaving.',
    },
  );
}

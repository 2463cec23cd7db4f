import { existsSync } from 'node:fs';
import type { TargetConfig } from '../config/types.js';
import { faultPauseSet } from './fault-pause.js';
import { tryLockFolder } from './folder-lock.js';
import { PgliteSession } from './pglite-session.js';

/**
 * A PGlite folder opened before its adapter asks (`openPgliteEarly`): a command that will query the target starts
 * it as soon as the target is known, and PostgreSQL's start in the worker overlaps loading the project. Only under
 * the folder's lock file, taken without waiting: a folder another process holds (or that does not exist yet, or a
 * fault pause at the lock) is left to the adapter, which waits, logs and creates as before, from a warm worker.
 */
interface EarlyOpen {
  path: string;
  release: () => void;
  session: Promise<PgliteSession>;
}

let early: EarlyOpen | undefined;

/**
 * Starts opening `target`'s folder now if its lock is free; else (or for another target) warms a worker only.
 * Returns what closes it and lets its lock go if no adapter took it (call it when the command ends, however).
 */
export function openPgliteEarly(target: TargetConfig, command: string): () => Promise<void> {
  if (target.type !== 'pglite') return async () => {};
  const path = target.path;
  const got =
    early || path === 'memory://' || !existsSync(path) || faultPauseSet('pglite-locked')
      ? undefined
      : tryLockFolder(path, command);
  if (!got || !('release' in got)) {
    PgliteSession.prewarm();
    return async () => {};
  }
  const session = PgliteSession.open(path);
  session.catch(() => {}); // the adapter that takes it reports a failure (a discarded one has nothing to report)
  const mine: EarlyOpen = { path, release: got.release, session };
  early = mine;
  return () => discard(mine);
}

/** The folder opened early at `path`, now the caller's (its session and the release of its lock file). */
export function takeEarlyOpen(path: string): Omit<EarlyOpen, 'path'> | undefined {
  if (early?.path !== path) return undefined;
  const taken = early;
  early = undefined;
  return taken;
}

async function discard(left: EarlyOpen): Promise<void> {
  if (early !== left) return; // taken (the adapter closes it) or already discarded
  early = undefined;
  try {
    await (await left.session.catch(() => undefined))?.close();
  } finally {
    left.release();
  }
}

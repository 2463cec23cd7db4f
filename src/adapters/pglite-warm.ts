import { Worker } from 'node:worker_threads';

/**
 * A PGlite worker started ahead of its open (`PgliteSession.prewarm`): while the main thread loads the project, it
 * imports PGlite, compiles its WebAssembly and reads its file-system bundle, then waits for the open message
 * (pglite-worker.mjs: workerData.warm). The folder is not touched before that message, so the folder lock still comes
 * first. One at a time; unreferenced until taken, so an unused one never keeps the process alive.
 */
let warm: { worker: Worker; exited: boolean } | undefined;

/** Starts a warm worker running `worker` (pglite-worker.mjs) with PGlite from `entry`, unless one is waiting. */
export function startWarmWorker(worker: URL, entry: string): void {
  if (warm && !warm.exited) return;
  const w = { worker: new Worker(worker, { workerData: { entry, warm: true } }), exited: false };
  w.worker.unref();
  // A warm-up that failed is not an error yet: the open that would have taken it starts a worker of its own.
  w.worker.on('error', () => (w.exited = true));
  w.worker.on('exit', () => (w.exited = true));
  warm = w;
}

/** The warm worker, told to open `path` (as workerData would for a fresh one), or undefined when none is waiting. */
export function takeWarmWorker(path: string, image?: Uint8Array): Worker | undefined {
  const w = warm;
  warm = undefined;
  if (!w || w.exited) return undefined;
  w.worker.ref();
  w.worker.postMessage({ op: 'open', path, image });
  return w.worker;
}

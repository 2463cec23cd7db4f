/**
 * A test hook: TSMODEL_FAULT_PAUSE=<point>:<ms> makes the process wait that long when it reaches
 * that point, so a process test can act inside a window that is otherwise a few milliseconds wide
 * (a second Ctrl-C while a cancelled PGlite folder recovers). Unset, it costs one lookup. Points:
 *   pglite-locked     a PGlite folder's lock file is taken, the folder not yet opened
 *   pglite-recovery   after a cancel, before the folder is reopened to recover it
 */
export async function faultPause(point: string): Promise<void> {
  const spec = process.env.TSMODEL_FAULT_PAUSE;
  if (!spec) return;
  const cut = spec.lastIndexOf(':');
  if (spec.slice(0, cut) !== point) return;
  await new Promise((resolve) => setTimeout(resolve, Number(spec.slice(cut + 1)) || 0));
}

/** Whether TSMODEL_FAULT_PAUSE names `point` (code that would skip past it keeps to the path that reaches it). */
export function faultPauseSet(point: string): boolean {
  const spec = process.env.TSMODEL_FAULT_PAUSE;
  return spec !== undefined && spec.slice(0, spec.lastIndexOf(':')) === point;
}

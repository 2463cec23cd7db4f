import type { RetryInfo } from '../adapters/types.js';

/** The line a run prints when it starts waiting for another run on its target. */
export function waitingLine(targetName: string, holder: string): string {
  return `waiting for another run on target '${targetName}' to finish (${holder})`;
}

/**
 * The line after a failed connection attempt that another attempt follows;
 * undefined after the last one (the error that ends the run says it all).
 */
export function connectionAttemptLine(attempt: number, err: unknown, info?: RetryInfo): string | undefined {
  if (info && !info.willRetry) return undefined;
  const reason = err instanceof Error ? err.message : String(err);
  const wait = info ? ` in ${(info.delayMs / 1000).toFixed(1)}s` : '';
  return `connection attempt ${attempt} failed (${reason}); retrying${wait}`;
}

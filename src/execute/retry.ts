import { isTransient } from '../adapters/index.js';
import { StepFailure } from './execute-plan.js';

export interface RetryPolicy {
  /** Attempts after the first. */
  retries: number;
  delayMs: number;
  /** Each wait this many times the last (1: fixed). */
  backoff: number;
  onRetry?: (what: string, attempt: number, err: unknown, delayMs: number) => void;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Runs a whole transaction again when it failed for a transient reason
 * (deadlock, serialization failure, admin shutdown, a dropped connection):
 * it rolled back, so running it again is safe. Anything else fails at once.
 */
export async function withRetries<T>(policy: RetryPolicy | undefined, what: string, fn: () => Promise<T>): Promise<T> {
  const sleep = policy?.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      const cause = err instanceof StepFailure ? err.error : err;
      if (!policy || attempt > policy.retries || !isTransient(cause)) throw err;
      const delay = Math.round(policy.delayMs * Math.max(1, policy.backoff) ** (attempt - 1));
      policy.onRetry?.(what, attempt, cause, delay);
      await sleep(delay);
    }
  }
}

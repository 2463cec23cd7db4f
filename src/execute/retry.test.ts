import { describe, expect, it } from 'vitest';
import { DatabaseError } from '../adapters/index.js';
import { withRetries } from './retry.js';

const deadlock = () => new DatabaseError('deadlock detected', { sqlstate: '40P01', sql: 'x' });
const syntax = () => new DatabaseError('syntax error', { sqlstate: '42601', sql: 'x' });

describe('withRetries', () => {
  it('retries a transient failure with backoff, logging each retry, then succeeds', async () => {
    const waits: number[] = [];
    const logged: number[] = [];
    let calls = 0;
    const result = await withRetries(
      {
        retries: 3,
        delayMs: 10,
        backoff: 2,
        sleep: async (ms) => void waits.push(ms),
        onRetry: (_w, attempt) => logged.push(attempt),
      },
      'm',
      async () => {
        calls++;
        if (calls < 3) throw deadlock();
        return 'ok';
      },
    );
    expect(result).toBe('ok');
    expect(calls).toBe(3);
    expect(waits).toEqual([10, 20]);
    expect(logged).toEqual([1, 2]);
  });

  it('gives up after `retries` more attempts', async () => {
    let calls = 0;
    await expect(
      withRetries({ retries: 2, delayMs: 0, backoff: 1, sleep: async () => {} }, 'm', async () => {
        calls++;
        throw deadlock();
      }),
    ).rejects.toThrow(/deadlock/);
    expect(calls).toBe(3);
  });

  it('never retries a non-transient error', async () => {
    let calls = 0;
    await expect(
      withRetries({ retries: 5, delayMs: 0, backoff: 1, sleep: async () => {} }, 'm', async () => {
        calls++;
        throw syntax();
      }),
    ).rejects.toThrow(/syntax/);
    expect(calls).toBe(1);
  });
});

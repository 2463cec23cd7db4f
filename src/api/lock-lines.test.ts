import { describe, expect, it } from 'vitest';
import type { PostgresTarget } from '../config/index.js';
import { projectFixture } from './test-support/project-fixture.js';
import { connectionAttemptLine, waitingLine } from './lock-lines.js';
import { run } from './run.js';

describe('the lines a run prints while it waits or retries', () => {
  it('says "retrying" only when another connection attempt follows', () => {
    const err = new Error('connect ECONNREFUSED 127.0.0.1:1');
    expect(connectionAttemptLine(1, err, { attempts: 3, willRetry: true, delayMs: 1500 })).toBe(
      'connection attempt 1 failed (connect ECONNREFUSED 127.0.0.1:1); retrying in 1.5s',
    );
    expect(connectionAttemptLine(3, err, { attempts: 3, willRetry: false, delayMs: 6000 })).toBeUndefined();
  });

  it('names the holder a run waits for', () => {
    expect(waitingLine('embedded', 'pid 12, tsmodel build, since 2026-01-02T03:04:05.000Z')).toBe(
      "waiting for another run on target 'embedded' to finish (pid 12, tsmodel build, since 2026-01-02T03:04:05.000Z)",
    );
  });
});

describe('a run that cannot connect', () => {
  it('logs "retrying" after each failed attempt but the last', async () => {
    const project = projectFixture({ 'project.yml': 'name: shop\n', 'models/m.sql': 'select 1 as x' });
    const target: PostgresTarget = {
      type: 'postgres',
      name: 'nowhere',
      profileName: 'shop',
      schema: 'main',
      threads: 1,
      retries: 2,
      retryDelayMs: 10,
      host: '127.0.0.1',
      port: 1, // nothing listens there: connection refused
      user: 'root',
      dbname: 'test',
      source: 'profile',
    };
    const warnings: string[] = [];
    try {
      await expect(
        run({
          projectDir: project.dir,
          targetConfig: target,
          events: { emit: (e) => void (e.type === 'log' && e.level === 'warn' && warnings.push(e.message)) },
        }),
      ).rejects.toThrow(/after 3 attempts/);
    } finally {
      project.dispose();
    }
    expect(warnings.filter((w) => w.startsWith('connection attempt')).map((w) => w.replace(/ \(.*\)/, ''))).toEqual([
      'connection attempt 1 failed; retrying in 0.0s',
      'connection attempt 2 failed; retrying in 0.0s',
    ]);
  });
});

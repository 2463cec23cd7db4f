import { withRunLock } from '../../adapters/run-lock.js';
import { embeddedTarget } from '../../unit-tests/index.js';
import type { LoadedProject } from '../load.js';
import { waitingLine } from '../lock-lines.js';
import type { RunSession } from './session.js';
import type { RunOptions } from './types.js';

/**
 * Runs `body` under the target's run lock (waits are logged; a cancellation while waiting throws). Only unit
 * tests, on the embedded database: the target is not touched, so not locked either (the embedded one is).
 */
export function underRunLock(
  project: LoadedProject,
  session: RunSession,
  command: string,
  opts: RunOptions,
  body: () => Promise<void>,
): Promise<void> {
  const { target, events } = project;
  const runId = project.invocationId;
  const { adapter, unitPlace } = session;
  return withRunLock(
    adapter,
    adapter === unitPlace?.adapter ? embeddedTarget(target) : target,
    {
      timeoutMs: target.lockTimeoutMs ?? 60_000,
      command,
      onWait: (holder) => events.log('warn', waitingLine(target.name, holder), { runId }),
      onBlocked: (line) => events.log('warn', line, { runId }),
      ...(opts.signal ? { signal: opts.signal } : {}),
    },
    body,
  );
}

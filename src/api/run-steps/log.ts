import { join } from 'node:path';
import { logFileWriter, type LogFile } from '../../artifacts/index.js';
import { JsonLinesReporter, type EventBus } from '../../events/index.js';
import type { LoadedProject } from '../load.js';

/** The pipeline logs a bus already writes to, by absolute path: one reporter per bus and file. */
const attached = new WeakMap<EventBus, Map<string, LogFile>>();

/**
 * logs/pipeline.log for a run: written by one reporter on the project's event bus however many runs share
 * the bus (an API caller passing the same loaded project, or its own EventBus, again), and held open until
 * the run ends (`release`). Watch mode makes a bus per rebuild, so it never piled reporters up.
 */
export function runLog(project: LoadedProject): { release(): void } {
  const { config, events } = project;
  const relPath = `${config.logPath}/pipeline.log`;
  const abs = join(config.projectRoot, relPath);
  let logs = attached.get(events);
  if (!logs) attached.set(events, (logs = new Map()));
  let log = logs.get(abs);
  if (!log) {
    log = logFileWriter(config.projectRoot, relPath);
    logs.set(abs, log);
    events.add(new JsonLinesReporter(log));
  }
  log.hold();
  let released = false;
  const held = log;
  return {
    release: () => {
      if (released) return;
      released = true;
      held.release();
    },
  };
}

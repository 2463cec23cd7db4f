import { readEnv, type Env } from '../config/index.js';
import { EventBus, type EventSink } from '../events/index.js';
import { installPackages, type InstallResult } from '../packages/index.js';

export interface DepsOptions {
  projectDir?: string;
  env?: Env;
  /** Resolve packages.yml afresh, ignoring package-lock.yml. */
  upgrade?: boolean;
  events?: EventSink;
}

/** `tsmodel deps`: installs the packages of packages.yml / dependencies.yml (see packages/install.ts). */
export async function deps(opts: DepsOptions = {}): Promise<InstallResult> {
  const events = opts.events instanceof EventBus ? opts.events : new EventBus(opts.events ? [opts.events] : []);
  const result = await installPackages({
    projectDir: opts.projectDir,
    env: opts.env ?? readEnv(),
    upgrade: opts.upgrade,
  });
  for (const w of result.warnings)
    events.log('warn', w.location ? `${w.location.file}:${w.location.line ?? 1}: ${w.message}` : w.message);
  return result;
}

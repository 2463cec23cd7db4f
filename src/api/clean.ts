import { rmSync, existsSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { loadProjectConfig } from '../config/index.js';
import { TsmodelError } from '../errors/index.js';

/** `tsmodel clean`: removes clean-targets (default: the target folder). Refuses paths outside the project. */
export function clean(opts: { projectDir?: string } = {}): string[] {
  const { config } = loadProjectConfig(opts.projectDir ?? '.');
  const removed: string[] = [];
  for (const t of config.cleanTargets.length > 0 ? config.cleanTargets : [config.targetPath]) {
    const abs = resolve(config.projectRoot, t);
    const rel = relative(config.projectRoot, abs);
    if (rel === '' || rel.startsWith('..')) {
      throw new TsmodelError(
        'config',
        `clean-targets entry '${t}' is outside the project folder (or is the folder itself); refusing to delete it`,
        {
          location: { file: config.configFile },
          hint: 'List only folders inside the project, such as target.',
        },
      );
    }
    if (existsSync(abs)) {
      rmSync(abs, { recursive: true, force: true });
      removed.push(rel);
    }
  }
  return removed;
}

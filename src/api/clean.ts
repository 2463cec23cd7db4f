import { lstatSync, realpathSync, rmSync, unlinkSync } from 'node:fs';
import { basename, dirname, relative, resolve } from 'node:path';
import { loadProjectConfig } from '../config/index.js';
import { TsmodelError } from '../errors/index.js';

/** How one clean-targets entry is removed: a folder (or file) inside the project, or just a symlink. */
interface Removal {
  entry: string;
  abs: string;
  link: boolean;
}

const outside = (root: string, path: string) => {
  const rel = relative(root, path);
  return rel === '' || rel === '..' || rel.startsWith('../') || resolve(root, rel) !== path;
};

/**
 * `tsmodel clean`: removes clean-targets (default: the target folder). Every
 * entry is checked before anything is deleted: it must be inside the project
 * both as written and once symlinks are resolved. An entry that is itself a
 * symlink is unlinked; what it points to is never touched.
 */
export function clean(opts: { projectDir?: string } = {}): string[] {
  const { config } = loadProjectConfig(opts.projectDir ?? '.');
  const root = resolve(config.projectRoot);
  const realRoot = realpathSync(root);
  const refuse = (t: string, why: string) =>
    new TsmodelError('config', `clean-targets entry '${t}' ${why}; refusing to delete it`, {
      location: { file: config.configFile },
      hint: 'List only folders inside the project, such as target (a symlink listed itself is removed, not followed).',
    });
  const plan: Removal[] = [];
  for (const t of config.cleanTargets.length > 0 ? config.cleanTargets : [config.targetPath]) {
    const abs = resolve(root, t);
    if (outside(root, abs)) throw refuse(t, 'is outside the project folder (or is the folder itself)');
    let link: boolean;
    try {
      link = lstatSync(abs).isSymbolicLink();
    } catch {
      continue; // nothing there
    }
    // The folders on the way may be symlinks: where the entry really is decides.
    let realParent: string;
    try {
      realParent = realpathSync(dirname(abs));
    } catch {
      continue;
    }
    const real = resolve(realParent, basename(abs));
    if (outside(realRoot, real))
      throw refuse(t, `resolves to ${real} through a symlink, outside the project folder ${realRoot}`);
    plan.push({ entry: relative(root, abs), abs, link });
  }
  for (const r of plan) {
    if (r.link) unlinkSync(r.abs);
    else rmSync(r.abs, { recursive: true, force: true });
  }
  return plan.map((r) => r.entry);
}

/**
 * The CLI the whole-process rows run: these sources compiled as `npm run
 * build` does, into bench/.work/cli-dist (under the repository, so its
 * imports find node_modules), once per bench process. A user runs dist/, not
 * the sources under tsx, whose start and transpiling (a second or more)
 * would swamp the 300 ms goals.
 */
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { BENCH_DIR, REPO_ROOT, runCmd } from './proc.js';

let built: Promise<string> | undefined;

/** The entry point (cli/index.js, exporting `main`) of a fresh build of the sources. */
export function builtCli(): Promise<string> {
  built ??= build();
  return built;
}

async function build(): Promise<string> {
  const out = join(BENCH_DIR, '.work', 'cli-dist');
  rmSync(out, { recursive: true, force: true });
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const opts = { cwd: REPO_ROOT };
  await runCmd(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--outDir', out], opts);
  await runCmd(process.execPath, ['scripts/copy-assets.mjs', out], opts);
  return join(out, 'cli', 'index.js');
}

/**
 * Proves a change to parse/compile changed no output: compiles the same projects with two source trees (a
 * baseline checkout and this one), each in its own process, and compares target/compiled/** and
 * target/manifest.json byte for byte (the manifest's generated_at and invocation_id, which differ on every
 * run, masked). Exits 1 on any difference, naming the files.
 *
 *   node --import tsx bench/compile-same.ts --base /path/to/baseline-checkout [--models 1000] [--keep DIR]
 *
 * The projects: the example project of this repository and a synthetic one (bench/synthetic-project.ts).
 * Each tree's `src/api` compiles in a child process (bench/child/compile-tree.ts) with PGlite as the target
 * (nothing queries it).
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { REPO_ROOT, runCmd } from './lib/proc.js';
import { writeSyntheticProject } from './synthetic-project.js';

const VOLATILE = /"(generated_at|invocation_id)": "[^"]*"/g;

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i < 0 ? undefined : process.argv[i + 1];
}

/** Every file under dir, by path relative to it. */
function files(dir: string, root = dir, out = new Map<string, string>()): Map<string, string> {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const abs = join(dir, e.name);
    if (e.isDirectory()) files(abs, root, out);
    else out.set(relative(root, abs), abs);
  }
  return out;
}

function read(abs: string, manifest: boolean): string {
  const text = readFileSync(abs, 'utf8');
  return manifest ? text.replace(VOLATILE, '"$1": "…"') : text;
}

/** Differences between two target/ folders: compiled/** and manifest.json. */
export function compareTargets(a: string, b: string): string[] {
  const diffs: string[] = [];
  const fa = files(join(a, 'compiled'));
  const fb = files(join(b, 'compiled'));
  for (const p of new Set([...fa.keys(), ...fb.keys()])) {
    if (!fa.has(p) || !fb.has(p)) diffs.push(`compiled/${p}: only in ${fa.has(p) ? 'the baseline' : 'this tree'}`);
    else if (read(fa.get(p)!, false) !== read(fb.get(p)!, false)) diffs.push(`compiled/${p}: differs`);
  }
  if (read(join(a, 'manifest.json'), true) !== read(join(b, 'manifest.json'), true))
    diffs.push('manifest.json: differs');
  if (fa.size === 0) diffs.push('nothing was compiled');
  return diffs;
}

async function compileWith(tree: string, projectDir: string): Promise<void> {
  rmSync(join(projectDir, 'target'), { recursive: true, force: true });
  const child = join(REPO_ROOT, 'bench/child/compile-tree.ts');
  await runCmd(process.execPath, ['--import', 'tsx', child, tree, projectDir], { cwd: REPO_ROOT });
}

async function main(): Promise<void> {
  const base = arg('--base');
  if (!base || !statSync(join(base, 'src/api/index.ts'), { throwIfNoEntry: false })) {
    process.stderr.write('usage: compile-same.ts --base <baseline checkout with src/api/index.ts> [--models N]\n');
    process.exit(2);
  }
  const work = arg('--keep') ?? mkdtempSync(join(tmpdir(), 'compile-same-'));
  mkdirSync(work, { recursive: true });
  const example = join(work, 'example');
  rmSync(example, { recursive: true, force: true });
  for (const d of ['models', 'seeds', 'macros', 'tests', 'analyses', 'snapshots', 'project.yml'])
    if (statSync(join(REPO_ROOT, d), { throwIfNoEntry: false }))
      cpSync(join(REPO_ROOT, d), join(example, d), { recursive: true });
  const models = Number(arg('--models') ?? 1000);
  const synthetic = writeSyntheticProject(join(work, `synthetic-${models}`), { models }).dir;
  let failed = false;
  for (const dir of [example, synthetic]) {
    await compileWith(base, dir);
    rmSync(join(dir, 'target-base'), { recursive: true, force: true });
    renameSync(join(dir, 'target'), join(dir, 'target-base'));
    await compileWith(REPO_ROOT, dir);
    const diffs = compareTargets(join(dir, 'target-base'), join(dir, 'target'));
    const count = files(join(dir, 'target', 'compiled')).size;
    process.stdout.write(
      `${dir}: ${count} compiled files and manifest.json: ${diffs.length ? 'DIFFER' : 'identical'}\n`,
    );
    for (const d of diffs.slice(0, 20)) process.stdout.write(`  ${d}\n`);
    failed ||= diffs.length > 0;
  }
  if (!arg('--keep')) rmSync(work, { recursive: true, force: true });
  process.exit(failed ? 1 : 0);
}

await main();

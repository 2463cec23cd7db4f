/**
 * How much of a real dbt project tsmodel builds unmodified (issue 16's measure).
 *
 *   npx tsx scripts/dbt-compat.ts <project-dir> [--copy-root <dir>] [--package <name>=<dir-or-git-dir>]…
 *     [--seeds-as-csv] [--vars '<yaml>'] [--file <relpath>=<source>]… [--keep]
 *
 * Copies the project (or --copy-root, a folder holding it, for `local: ../` packages) to /tmp, points the
 * named packages (hub or git entries whose name matches, in the project's packages.yml and in the copied
 * packages' own) at local copies (a bare git mirror is cloned), creates a fresh PostgreSQL database on
 * postgres://root@127.0.0.1:5432, runs tsmodel's deps, seed --full-refresh and build through the CLI, prints
 * pass/fail counts per resource type and the first error line of each failing node, and drops the database
 * (--keep: keeps the copy and the database, to look into a failure). --seeds-as-csv sets `+loaded_at_column: false`
 * on the copy's seeds, so they hold exactly their CSV as in dbt (tsmodel adds a load-time column otherwise).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';

const SERVER = 'postgres://root@127.0.0.1:5432';
const CLI = fileURLToPath(new URL('../src/cli/index.ts', import.meta.url));
const TSX = fileURLToPath(new URL('../node_modules/.bin/tsx', import.meta.url));

interface Options {
  project: string;
  copyRoot?: string;
  packages: Map<string, string>;
  keep: boolean;
  /** --seeds-as-csv: `+loaded_at_column: false` for every seed (tsmodel's load-time column otherwise). */
  seedsAsCsv: boolean;
  /** --vars '<yaml>': passed to seed and build. */
  vars?: string;
  /** --file <relpath>=<source>: files added to the project copy (stand-ins for data a mirror lacks). */
  files: Map<string, string>;
}

function parseArgs(argv: string[]): Options {
  const opts: Options = { project: '', packages: new Map(), keep: false, seedsAsCsv: false, files: new Map() };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--copy-root') opts.copyRoot = resolve(argv[++i]!);
    else if (a === '--package') {
      const [name, dir] = argv[++i]!.split('=');
      opts.packages.set(name!, resolve(dir!));
    } else if (a === '--keep') opts.keep = true;
    else if (a === '--seeds-as-csv') opts.seedsAsCsv = true;
    else if (a === '--vars') opts.vars = argv[++i];
    else if (a === '--file') {
      const [rel, src] = argv[++i]!.split('=');
      opts.files.set(rel!, resolve(src!));
    } else opts.project = resolve(a);
  }
  if (!opts.project) throw new Error('usage: dbt-compat.ts <project-dir> [--copy-root dir] [--package name=dir]…');
  return opts;
}

const norm = (s: string) => s.toLowerCase().replace(/[-_]/g, '');

/** Which override an entry of packages.yml names (by its hub name or its git URL's last part). */
function overrideFor(entry: Record<string, unknown>, packages: Map<string, string>): string | undefined {
  const id = typeof entry.package === 'string' ? entry.package : typeof entry.git === 'string' ? entry.git : '';
  const last = norm(basename(id).replace(/\.git$/, ''));
  for (const [name, dir] of packages) if (norm(name) === last || last.endsWith(norm(name))) return dir;
  return undefined;
}

function rewritePackagesYml(dir: string, packages: Map<string, string>): void {
  for (const file of ['packages.yml', 'dependencies.yml']) {
    const path = join(dir, file);
    if (!existsSync(path)) continue;
    const doc = (parseYaml(readFileSync(path, 'utf8')) ?? {}) as { packages?: Record<string, unknown>[] };
    doc.packages = (doc.packages ?? []).map((e) => {
      const local = overrideFor(e, packages);
      return local ? { local } : typeof e.local === 'string' ? { local: resolve(dir, e.local) } : e;
    });
    writeFileSync(path, stringifyYaml(doc));
  }
}

/** Copies each override into the work folder (cloning a git mirror), returning name → copy. */
function copyPackages(packages: Map<string, string>, work: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const [name, src] of packages) {
    const dest = join(work, 'packages', name);
    if (existsSync(join(src, 'HEAD')) && !existsSync(join(src, 'dbt_project.yml'))) {
      execFileSync('git', ['clone', '--quiet', src, dest]);
    } else cpSync(src, dest, { recursive: true });
    out.set(name, dest);
  }
  for (const dest of out.values()) rewritePackagesYml(dest, out);
  return out;
}

function cli(args: string[], cwd: string, profilesDir: string): { status: number; output: string } {
  const code = `import(${JSON.stringify(CLI)}).then((m) => m.main(${JSON.stringify(args)}))`;
  const r = spawnSync(TSX, ['-e', code], {
    cwd,
    env: { ...process.env, TSMODEL_PROFILES_DIR: profilesDir, NO_COLOR: '1' },
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  return { status: r.status ?? 1, output: `${r.stdout}${r.stderr}` };
}

interface Result {
  unique_id: string;
  status: string;
  message: string;
}

function report(project: string, step: string, out: { status: number; output: string }): Result[] {
  const path = join(project, 'target', 'run_results.json');
  const results = existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as { results: Result[] }).results : [];
  const byType = new Map<string, Record<string, number>>();
  for (const r of results) {
    const type = r.unique_id.split('.')[0]!;
    const counts = byType.get(type) ?? {};
    counts[r.status] = (counts[r.status] ?? 0) + 1;
    byType.set(type, counts);
  }
  console.log(`\n== ${step}: exit ${out.status}`);
  for (const [type, counts] of byType) {
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    const ok = (counts.success ?? 0) + (counts.pass ?? 0);
    console.log(`  ${type}: ${ok}/${total} passing (${JSON.stringify(counts)})`);
  }
  if (results.length === 0) console.log(out.output.split('\n').slice(-25).join('\n'));
  return results;
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  const work = mkdtempSync('/tmp/dbt-compat-');
  const root = opts.copyRoot ?? opts.project;
  cpSync(root, join(work, 'src'), {
    recursive: true,
    filter: (p) => !/\/(dbt_packages|target|logs|\.git)$/.test(p),
  });
  const project = join(work, 'src', relative(root, opts.project));
  for (const [rel, src] of opts.files) cpSync(src, join(project, rel));
  const packages = copyPackages(opts.packages, work);
  rewritePackagesYml(project, packages);
  const projectFile = join(project, 'dbt_project.yml');
  const dbtProject = parseYaml(readFileSync(projectFile, 'utf8')) as {
    profile?: string;
    seeds?: Record<string, unknown>;
  };
  if (opts.seedsAsCsv) {
    dbtProject.seeds = { ...dbtProject.seeds, '+loaded_at_column': false };
    writeFileSync(projectFile, stringifyYaml(dbtProject));
  }
  const db = `tsmodel_compat_${process.pid}`;
  const admin = new pg.Client({ connectionString: `${SERVER}/postgres` });
  await admin.connect();
  await admin.query(`create database ${db}`);
  // The project's own profiles.yml (CI credentials from the environment) gives way to ours.
  rmSync(join(project, 'profiles.yml'), { force: true });
  const profilesDir = join(work, 'profiles');
  mkdirSync(profilesDir);
  const target = { type: 'postgres', host: '127.0.0.1', port: 5432, user: 'root', dbname: db, schema: 'dbt_compat' };
  writeFileSync(
    join(profilesDir, 'profiles.yml'),
    stringifyYaml({ [dbtProject.profile ?? 'default']: { target: 'pg', outputs: { pg: { ...target, threads: 4 } } } }),
  );
  console.log(`project copy: ${project}\ndatabase: ${db}`);
  try {
    const deps = cli(['deps'], project, profilesDir);
    console.log(`\n== deps: exit ${deps.status}\n${deps.output.trim().split('\n').slice(-8).join('\n')}`);
    const vars = opts.vars ? ['--vars', opts.vars] : [];
    report(project, 'seed --full-refresh', cli(['seed', '--full-refresh', ...vars], project, profilesDir));
    const build = cli(['build', ...vars], project, profilesDir);
    const results = report(project, 'build', build);
    const failing = results.filter((r) => !['success', 'pass'].includes(r.status));
    console.log(`\n== failing nodes of build (${failing.length})`);
    for (const r of failing) console.log(`  ${r.status.padEnd(7)} ${r.unique_id}: ${r.message.split('\n')[0]}`);
    if (results.length === 0) console.log(build.output.split('\n').slice(0, 80).join('\n'));
  } finally {
    if (!opts.keep) {
      await admin.query(`drop database if exists ${db} with (force)`);
      rmSync(work, { recursive: true, force: true });
    } else console.log(`kept: ${work} and database ${db} (drop database ${db} with (force) when done)`);
    await admin.end();
  }
}

await main();

import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../adapters/test-support/test-databases.js';
import { projectFixture, type ProjectFixture } from '../api/test-support/project-fixture.js';
import { cleanEnv, queryPglite, seedPgliteDatabase } from '../cli/test-support/cli.js';

const ENTRY = fileURLToPath(new URL('../cli/test-support/cli-entry.ts', import.meta.url));
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/** The CLI as a long-running process whose output can be awaited. */
function startCli(args: string[], cwd: string) {
  const child: ChildProcess = spawn(process.execPath, ['--import', TSX, ENTRY, ...args], {
    cwd,
    env: cleanEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let waiters: (() => void)[] = [];
  const onData = (d: string) => {
    out += d;
    const w = waiters;
    waiters = [];
    for (const f of w) f();
  };
  child.stdout!.setEncoding('utf8').on('data', onData);
  child.stderr!.setEncoding('utf8').on('data', onData);
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return {
    child,
    exited,
    output: () => out,
    /** Waits until the output matches (60 s at most). */
    async waitFor(pattern: RegExp, timeoutMs = 60_000): Promise<void> {
      const deadline = Date.now() + timeoutMs;
      while (!pattern.test(out)) {
        const left = deadline - Date.now();
        if (left <= 0 || child.exitCode !== null) throw new Error(`no ${pattern} in the output:\n${out}`);
        await new Promise<void>((r) => {
          const t = setTimeout(r, Math.min(left, 1000));
          waiters.push(() => {
            clearTimeout(t);
            r();
          });
        });
      }
    },
  };
}

describe('tsmodel build --watch (CLI)', () => {
  let db: TestDatabase;
  let project: ProjectFixture;

  beforeAll(async () => {
    db = await createTestDatabase('pglite');
    project = projectFixture({
      'project.yml': 'name: shop\nprofile: shop\nmodels:\n  shop:\n    +materialized: table\n',
      'profiles.yml':
        'shop:\n  target: dev\n  outputs:\n    dev:\n      type: pglite\n      path: .tsmodel/db\n      schema: main\n',
      'models/base.sql': 'select 1 as v\n',
      'models/twice.sql': "select v * 2 as v2 from {{ ref('base') }}\n",
    });
    await seedPgliteDatabase(db, project.dir);
  });
  afterAll(async () => {
    await db.dispose();
    project.dispose();
  });

  it('prints a summary first after each rebuild, and exits 0 on Ctrl-C with its connections closed', async () => {
    const cli = startCli(['build', '--watch'], project.dir);
    try {
      await cli.waitFor(/Watching .* for changes/);
      expect(cli.output()).toMatch(/\[watch 0\] first build · rebuilt base, twice · PASS=2 WARN=0 ERROR=0/);
      project.write('models/base.sql', 'select 21 as v\n');
      await cli.waitFor(/\[watch 1\][^\n]*\n[^\n]*\n[^\n]*twice/);
      const lines = cli.output().split('\n');
      const at = lines.findIndex((l) => l.includes('[watch 1]'));
      expect(lines[at]).toMatch(
        /models\/base\.sql changed · rebuilt base, twice · PASS=2 WARN=0 ERROR=0 · \d+\.\d\ds$/,
      );
      expect(lines[at + 1]).toMatch(/1 of 2 OK created table main\.base/);
      expect(lines[at + 2]).toMatch(/2 of 2 OK created table main\.twice/);
    } finally {
      cli.child.kill('SIGINT');
    }
    expect(await cli.exited).toBe(0);
    // The database was closed: another process can open it, and it holds the rebuilt value.
    expect(await queryPglite(`${project.dir}/.tsmodel/db`, 'select v2 from main.twice')).toEqual([{ v2: 42 }]);
  });
});

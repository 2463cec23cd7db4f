/**
 * The bad-input corpus, end to end: each broken project or flag must give one
 * clear paragraph on stderr (file:line where there is one, no stack trace),
 * exit 2, and leave the database exactly as it was.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../adapters/test-support/test-databases.js';
import type { ProjectFixture } from '../api/test-support/project-fixture.js';
import { fixtureProject, relationsIn, runCli, seedPgliteDatabase, type CliResult } from './test-support/cli.js';

let project: ProjectFixture;
let dbPath: string;
let baseline: string[];

beforeAll(async () => {
  project = fixtureProject('shop');
  const db = await createTestDatabase('pglite');
  await seedPgliteDatabase(db, project.dir);
  await db.dispose();
  dbPath = join(project.dir, '.tsmodel/db');
  const first = await runCli(['run'], { cwd: project.dir });
  expect(first.code, first.all).toBe(0);
  baseline = await relationsIn(dbPath);
  expect(baseline.map((r) => r.split(' ')[0])).toEqual([
    'main.customer_orders',
    'main.stg_customers',
    'main.stg_orders',
  ]);
});

afterAll(() => project?.dispose());

/**
 * Runs tsmodel with some files changed (null: removed) and a canary model
 * added, which would appear in the database if anything ran; puts the files back.
 */
async function withFiles(
  files: Record<string, string | null>,
  args: string[],
  env?: Record<string, string>,
): Promise<CliResult> {
  const saved = new Map<string, string | undefined>();
  for (const [path, contents] of Object.entries({ 'models/canary.sql': 'select 1 as alive', ...files })) {
    const abs = join(project.dir, path);
    saved.set(path, existsSync(abs) ? readFileSync(abs, 'utf8') : undefined);
    if (contents !== null) project.write(path, contents);
    else if (existsSync(abs)) project.remove(path);
  }
  try {
    return await runCli(args, { cwd: project.dir, env });
  } finally {
    for (const [path, contents] of saved) {
      if (contents !== undefined) project.write(path, contents);
      else if (existsSync(join(project.dir, path))) project.remove(path);
    }
  }
}

const STACK_LINE = /^\s+at .+[(:]/m;

/** Exit 2, the patterns on stderr, no stack trace, nothing on stdout that looks like a crash. */
function expectUserError(res: CliResult, ...patterns: (string | RegExp)[]): void {
  expect(res.code, res.all).toBe(2);
  for (const p of patterns) {
    if (typeof p === 'string') expect(res.stderr).toContain(p);
    else expect(res.stderr).toMatch(p);
  }
  expect(res.stderr).not.toMatch(STACK_LINE);
  expect(res.all).not.toMatch(/TypeError|ReferenceError|Unhandled|node:internal/);
}

async function expectDatabaseUntouched(): Promise<void> {
  expect(await relationsIn(dbPath)).toEqual(baseline);
}

describe('bad input → exit 2, database untouched', () => {
  it('1. malformed YAML in a schema.yml: file and line', async () => {
    const res = await withFiles(
      { 'models/schema.yml': 'version: 2\n\nmodels:\n  - name: stg_orders\n   description: badly indented\n' },
      ['run'],
    );
    expectUserError(res, /^models\/schema\.yml:5:\d+: invalid YAML: bad indentation/m, 'hint:');
    await expectDatabaseUntouched();
  });

  it('2. an unknown key in project.yml is a warning with a suggestion (exit 0)', async () => {
    const yml = readFileSync(join(project.dir, 'project.yml'), 'utf8');
    const res = await withFiles({ 'project.yml': `${yml}model-path: [models]\n`, 'models/canary.sql': null }, ['ls']);
    expect(res.code, res.all).toBe(0);
    expect(res.all).toMatch(
      /project\.yml:\d+: unknown key 'model-path' in project\.yml \(did you mean 'model-paths'\?\)/,
    );
    expect(res.stdout).toContain('shop.marts.customer_orders');
  });

  it('3. a ref to a missing model: file:line and "Did you mean"', async () => {
    const res = await withFiles(
      { 'models/marts/revenue.sql': "select sum(amount) as revenue\n\nfrom {{ ref('stg_order') }}\n" },
      ['run'],
    );
    expectUserError(
      res,
      "models/marts/revenue.sql:3: model 'revenue' refers to 'stg_order', which was not found",
      "Did you mean ref('stg_orders')?",
    );
    await expectDatabaseUntouched();
  });

  it('4. a cycle a → b → c → a: the path', async () => {
    const res = await withFiles(
      {
        'models/loop/a.sql': "select * from {{ ref('c') }}",
        'models/loop/b.sql': "select * from {{ ref('a') }}",
        'models/loop/c.sql': "select * from {{ ref('b') }}",
      },
      ['run'],
    );
    expectUserError(
      res,
      /cycle: (a → b → c → a|b → c → a → b|c → a → b → c)/,
      'models/loop/a.sql',
      'models/loop/b.sql',
      'models/loop/c.sql',
    );
    await expectDatabaseUntouched();
  });

  it('5. two models with one name in different folders: both files', async () => {
    const res = await withFiles({ 'models/marts/stg_orders.sql': 'select 1 as order_id' }, ['run']);
    expectUserError(
      res,
      "Two nodes are named 'stg_orders'",
      'models/staging/stg_orders.sql',
      'models/marts/stg_orders.sql',
    );
    await expectDatabaseUntouched();
  });

  it('6. a template syntax error: file:line', async () => {
    const res = await withFiles(
      { 'models/marts/revenue.sql': "select\n  sum(amount) as revenue\nfrom {{ ref('stg_orders') }\n" },
      ['run'],
    );
    expectUserError(res, /^models\/marts\/revenue\.sql:3(:\d+)?: Template error/m);
    await expectDatabaseUntouched();
  });

  it('6b. a block left open: the line where the file ends', async () => {
    const res = await withFiles(
      { 'models/marts/revenue.sql': "select 1 as x\n{% if true %}\nfrom {{ ref('stg_orders') }}\n" },
      ['run'],
    );
    expectUserError(res, /^models\/marts\/revenue\.sql:\d+: Template error: .*endif/m);
    await expectDatabaseUntouched();
  });

  it('6c. an error three macros deep: the innermost macro file:line, then the chain of calls', async () => {
    const res = await withFiles(
      {
        'macros/deep_a.sql': '{% macro deep_a(x) %}{{ deep_b(x) }}{% endmacro %}\n',
        'macros/deep_b.sql': '{% macro deep_b(x) %}\n  {{ deep_c(x) }}\n{% endmacro %}\n',
        'macros/deep_c.sql': '{% macro deep_c(x) %}\n{{ x.columns | join(", ") }}\n{% endmacro %}\n',
        'models/marts/revenue.sql': 'select\n  1 as x,\n  {{ deep_a(no_such_list) }}\n',
      },
      ['run'],
    );
    expectUserError(
      res,
      /^macros\/deep_c\.sql:2(:\d+)?: Template error: 'no_such_list' is undefined/m,
      'in macro deep_c (macros/deep_c.sql:2), called from macro deep_b (macros/deep_b.sql:2), ' +
        'called from macro deep_a (macros/deep_a.sql:1), called from models/marts/revenue.sql:3',
    );
    await expectDatabaseUntouched();
  });

  it('7. a missing env var without a default: names the variable', async () => {
    const res = await withFiles({ 'models/marts/revenue.sql': "select 1 as x\nwhere '{{ env_var('NOPE') }}' = ''\n" }, [
      'run',
    ]);
    expectUserError(
      res,
      /^models\/marts\/revenue\.sql:2(:\d+)?: Environment variable 'NOPE' is not set/m,
      "env_var('NOPE', 'default')",
    );
    await expectDatabaseUntouched();
  });

  it('8. an unknown target lists the known ones', async () => {
    const res = await runCli(['run', '--target', 'nope'], { cwd: project.dir });
    expectUserError(
      res,
      "target 'nope' (from --target) is not an output of profile 'shop'",
      'known targets: dev, unreachable',
    );
    await expectDatabaseUntouched();
  });

  it('8b. an unknown profile lists the known ones and suggests the nearest', async () => {
    const yml = readFileSync(join(project.dir, 'project.yml'), 'utf8');
    const res = await withFiles({ 'project.yml': yml.replace('profile: shop', 'profile: shops') }, ['run']);
    expectUserError(
      res,
      "profile 'shops' was not found in profiles.yml (known profiles: shop)",
      "did you mean 'shop'?",
    );
    await expectDatabaseUntouched();
  });

  it('9. an unreachable database: names the address, never the password', async () => {
    for (const extra of [[], ['--debug'], ['--log-format', 'json']]) {
      const res = await runCli(['run', '--target', 'unreachable', ...extra], { cwd: project.dir });
      expect(res.code, res.all).toBe(2);
      expect(res.all).toContain('127.0.0.1:1');
      expect(res.all).not.toContain('s3cret-pw');
      if (extra.length === 0) expectUserError(res, /could not connect to 127\.0\.0\.1:1 after 2 attempts/);
    }
    const debug = await runCli(['debug', '--target', 'unreachable'], { cwd: project.dir });
    expect(debug.code).toBe(2);
    expect(debug.stdout).toMatch(/password: \*\*\*\*/);
    expect(debug.all).not.toContain('s3cret-pw');
    for (const folder of ['target', 'logs']) {
      for (const file of filesUnder(join(project.dir, folder)))
        expect(readFileSync(file, 'utf8'), file).not.toContain('s3cret-pw');
    }
    await expectDatabaseUntouched();
  });

  it('11. a bad selector lists the known methods', async () => {
    const res = await withFiles({}, ['run', '--select', 'foo:bar']);
    expectUserError(res, 'Unknown selector method "foo" in "foo:bar"', /Known methods: fqn, tag, path, .*config/);
    await expectDatabaseUntouched();
  });

  it('a bad --vars, --threads or --resource-type is a usage error', async () => {
    expectUserError(await runCli(['ls', '--vars', '{a: [1'], { cwd: project.dir }), '--vars is not valid YAML or JSON');
    expectUserError(
      await runCli(['run', '--threads', '0'], { cwd: project.dir }),
      '--threads must be a positive integer',
    );
    expectUserError(
      await runCli(['ls', '--resource-type', 'modle'], { cwd: project.dir }),
      /Invalid values:[\s\S]*modle/,
    );
    expectUserError(await runCli(['nosuchcommand'], { cwd: project.dir }), /Unknown argument|Did you mean/);
    await expectDatabaseUntouched();
  });

  it('a damaged --state manifest is a user error, not a crash', async () => {
    project.write('old-state/manifest.json', '{"nodes": ');
    const res = await runCli(['ls', '--select', 'state:modified', '--state', 'old-state'], { cwd: project.dir });
    expectUserError(res, /--state: .*manifest\.json is not a readable JSON artifact/);
  });

  it('12. --debug prints a user error without a stack trace', async () => {
    const res = await withFiles({ 'models/marts/revenue.sql': "select * from {{ ref('nowhere') }}" }, [
      'run',
      '--debug',
    ]);
    expectUserError(res, "refers to 'nowhere'");
    await expectDatabaseUntouched();
  });

  it('several problems are reported together, then counted', async () => {
    const res = await withFiles(
      {
        'models/marts/r1.sql': "select * from {{ ref('nope_one') }}",
        'models/marts/r2.sql': "select * from {{ ref('nope_two') }}",
      },
      ['run'],
    );
    expectUserError(res, 'nope_one', 'nope_two', '2 problems found; nothing was run.');
    await expectDatabaseUntouched();
  });
});

describe('a SQL error inside a model', () => {
  it("10. exit 1: names the model, the compiled file and line, and PostgreSQL's message", async () => {
    const res = await withFiles(
      {
        'models/marts/broken.sql':
          "select\n    customer_id,\n    name\nfrom {{ ref('stg_customers') }}\nwhere no_such_column > 0\n",
      },
      ['run'],
    );
    expect(res.code, res.all).toBe(1);
    expect(res.stdout).toContain('model broken (target/compiled/shop/models/marts/broken.sql:5)');
    expect(res.stdout).toContain('column "no_such_column" does not exist');
    expect(res.stdout).toMatch(/ERROR=1/);
    expect(res.all).not.toMatch(STACK_LINE);
    const compiled = readFileSync(join(project.dir, 'target/compiled/shop/models/marts/broken.sql'), 'utf8');
    expect(compiled.split('\n')[4]).toBe('where no_such_column > 0');
    const results = JSON.parse(readFileSync(join(project.dir, 'target/run_results.json'), 'utf8')) as {
      results: { unique_id: string; status: string; message: string }[];
    };
    const broken = results.results.find((r) => r.unique_id === 'model.shop.broken')!;
    expect(broken.status).toBe('error');
    expect(broken.message).toContain('no_such_column');
    const names = (await relationsIn(dbPath)).map((r) => r.split(' ')[0]);
    expect(names).not.toContain('main.broken');
    expect(names).toContain('main.canary');
  });
});

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const abs = join(dir, name);
    return statSync(abs).isDirectory() ? filesUnder(abs) : [abs];
  });
}

/**
 * Every command end to end, as a subprocess: output formats, artifacts and
 * logs. The project is src/cli/__fixtures__/shop on its own PGlite database.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../adapters/test-support/test-databases.js';
import type { ProjectFixture } from '../api/test-support/project-fixture.js';
import { ansiLines, fixtureProject, jsonLines, queryPglite, runCli, seedPgliteDatabase } from './test-support/cli.js';

let project: ProjectFixture;
const cli = (...args: string[]) => runCli(args, { cwd: project.dir });

beforeAll(async () => {
  project = fixtureProject('shop');
  const db = await createTestDatabase('pglite');
  await seedPgliteDatabase(db, project.dir);
  await db.dispose();
});

afterAll(() => project?.dispose());

describe('help', () => {
  it('tsmodel --help lists the commands, the global flags and examples', async () => {
    const res = await cli('--help');
    expect(res.code).toBe(0);
    for (const text of [
      'tsmodel run',
      'tsmodel compile',
      'tsmodel ls',
      'tsmodel show',
      'tsmodel debug',
      'tsmodel clean',
      'tsmodel init <name>',
    ]) {
      expect(res.stdout).toContain(text);
    }
    for (const flag of [
      '--project-dir',
      '--profiles-dir',
      '--target',
      '--vars',
      '--threads',
      '--select',
      '--exclude',
      '--full-refresh',
      '--log-format',
      '--quiet',
      '--debug',
    ]) {
      expect(res.stdout).toContain(flag);
    }
    expect(res.stdout).toContain('Examples:');
    expect(res.stdout).toContain('tsmodel run --select warehouse+');
    expect(res.stdout).toMatch(/Exit codes: 0 success, 1 .*, 2 /);
  });

  it('tsmodel run --help lists the global flags and run examples', async () => {
    const res = await cli('run', '--help');
    expect(res.code).toBe(0);
    for (const flag of [
      '--target',
      '--select',
      '--exclude',
      '--full-refresh',
      '--fail-fast',
      '--log-format',
      '--quiet',
      '--debug',
    ])
      expect(res.stdout).toContain(flag);
    expect(res.stdout).toContain('Examples:');
    expect(res.stdout).toContain('tsmodel run --target postgres --threads 8');
  });

  it('no command is a usage error (exit 2)', async () => {
    const res = await cli();
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('Name a command');
  });
});

describe('run: output, logs and artifacts', () => {
  it('--log-format json prints one JSON object per line', async () => {
    const res = await cli('run', '--log-format', 'json');
    expect(res.code, res.all).toBe(0);
    const events = jsonLines(res.stdout);
    expect(events.map((e) => e.event)).toEqual([
      'run-start',
      'node-start',
      'node-end',
      'node-start',
      'node-end',
      'node-start',
      'node-end',
      'run-end',
    ]);
    for (const e of events)
      expect(e).toEqual(
        expect.objectContaining({
          time: expect.any(String),
          level: expect.any(String),
          message: expect.any(String),
          run_id: expect.any(String),
        }),
      );
    const ends = events.filter((e) => e.event === 'node-end');
    expect(ends.map((e) => [e.node, e.status])).toEqual([
      ['model.shop.stg_customers', 'success'],
      ['model.shop.stg_orders', 'success'],
      ['model.shop.customer_orders', 'success'],
    ]);
    expect(ends[2]!.rows).toBe(2);
  });

  it('writes logs/pipeline.log as JSON lines: time, level, run_id, event, message; node on node events', async () => {
    const lines = jsonLines(readFileSync(join(project.dir, 'logs/pipeline.log'), 'utf8'));
    expect(lines.length).toBeGreaterThanOrEqual(8);
    for (const l of lines) {
      expect(Object.keys(l)).toEqual(expect.arrayContaining(['time', 'level', 'run_id', 'event', 'message']));
      expect(Number.isNaN(Date.parse(String(l.time)))).toBe(false);
      expect(['debug', 'info', 'warn', 'error']).toContain(l.level);
      if (String(l.event).startsWith('node-')) expect(l.node).toMatch(/^model\.shop\./);
    }
  });

  it('writes target/run_results.json: status, timing, rows affected, message per node; elapsed_time and args', async () => {
    const rr = JSON.parse(readFileSync(join(project.dir, 'target/run_results.json'), 'utf8')) as {
      metadata: Record<string, unknown>;
      elapsed_time: number;
      args: Record<string, unknown>;
      results: {
        unique_id: string;
        status: string;
        message: string;
        timing: { name: string; started_at: string; completed_at: string }[];
        execution_time: number;
        adapter_response: { rows_affected?: number | null };
      }[];
    };
    expect(rr.metadata).toEqual(
      expect.objectContaining({
        dbt_schema_version: 'https://schemas.getdbt.com/dbt/run-results/v6.json',
        env: expect.objectContaining({ TSMODEL_ADAPTER: 'pglite', TSMODEL_TARGET: 'dev' }),
        invocation_id: expect.any(String),
      }),
    );
    expect(typeof rr.elapsed_time).toBe('number');
    expect(rr.args).toEqual(
      expect.objectContaining({ command: 'run', target: 'dev', select: [], full_refresh: false }),
    );
    expect(rr.results.map((r) => [r.unique_id, r.status])).toEqual([
      ['model.shop.stg_customers', 'success'],
      ['model.shop.stg_orders', 'success'],
      ['model.shop.customer_orders', 'success'],
    ]);
    for (const r of rr.results) {
      expect(r.message).not.toBe('');
      expect(r.timing.map((t) => t.name)).toEqual(['compile', 'execute']);
      expect(typeof r.execution_time).toBe('number');
      expect(r.adapter_response).toHaveProperty('rows_affected');
    }
    expect(rr.results[2]!.adapter_response.rows_affected).toBe(2);
  });

  it('text output has no ANSI escapes when piped or with NO_COLOR=1', async () => {
    for (const env of [{}, { NO_COLOR: '1' }]) {
      const res = await runCli(['run'], { cwd: project.dir, env });
      expect(res.code, res.all).toBe(0);
      expect(res.stdout).toMatch(/3 of 3 OK created table main\.customer_orders/);
      expect(res.stdout).toContain('Done. PASS=3 WARN=0 ERROR=0 SKIP=0 TOTAL=3');
      expect(ansiLines(res.all)).toEqual([]);
    }
  });

  it('--quiet prints only errors and the summary', async () => {
    const ok = await cli('run', '--quiet');
    expect(ok.code).toBe(0);
    expect(ok.stdout).not.toMatch(/START|OK created|Running run/);
    expect(ok.stdout).toContain('Done. PASS=3');
    project.write('models/marts/broken.sql', 'select 1/0 as x');
    try {
      const bad = await cli('run', '-q');
      expect(bad.code).toBe(1);
      expect(bad.stdout).not.toMatch(/START|OK created/);
      expect(bad.stdout).toContain('division by zero');
      expect(bad.stdout).toContain('Done. PASS=3 WARN=0 ERROR=1');
    } finally {
      project.remove('models/marts/broken.sql');
    }
  });
});

describe('ls', () => {
  it('--output name | path | json, and the default selector form', async () => {
    expect((await cli('ls', '--resource-type', 'model', '--output', 'name')).stdout.trim().split('\n')).toEqual([
      'stg_customers',
      'stg_orders',
      'customer_orders',
    ]);
    expect((await cli('ls', '--resource-type', 'model', '-o', 'path')).stdout.trim().split('\n')).toEqual([
      'models/staging/stg_customers.sql',
      'models/staging/stg_orders.sql',
      'models/marts/customer_orders.sql',
    ]);
    expect((await cli('ls', '--resource-type', 'model')).stdout.trim().split('\n')).toEqual([
      'shop.staging.stg_customers',
      'shop.staging.stg_orders',
      'shop.marts.customer_orders',
    ]);
    const json = jsonLines((await cli('ls', '--output', 'json', '--select', 'customer_orders')).stdout);
    expect(json).toEqual([
      expect.objectContaining({
        unique_id: 'model.shop.customer_orders',
        resource_type: 'model',
        materialized: 'table',
        relation: 'main.customer_orders',
        depends_on: ['model.shop.stg_customers', 'model.shop.stg_orders'],
      }),
    ]);
  });

  it('--resource-type and --select filter; stdout holds only the data', async () => {
    project.write(
      'models/sources.yml',
      'version: 2\nsources:\n  - name: erp\n    tables:\n      - name: invoices\nmodls: []\n',
    );
    try {
      const res = await cli('ls', '--resource-type', 'source', '--output', 'name');
      expect(res.code, res.all).toBe(0);
      expect(res.stdout.trim().split('\n')).toEqual(['erp.invoices']);
      expect(res.stderr).toContain("models/sources.yml:6: unknown key 'modls' (did you mean 'models'?)");
      expect(
        (
          await cli('ls', '-s', '+customer_orders', '--exclude', 'stg_orders', '--resource-type', 'model', '-o', 'name')
        ).stdout
          .trim()
          .split('\n'),
      ).toEqual(['stg_customers', 'customer_orders']);
    } finally {
      project.remove('models/sources.yml');
    }
  });
});

describe('compile, show, debug, clean', () => {
  it('compile writes target/compiled/<project>/models/…sql and target/manifest.json', async () => {
    rmSync(join(project.dir, 'target'), { recursive: true, force: true });
    const res = await cli('compile');
    expect(res.code, res.all).toBe(0);
    expect(res.stdout).toMatch(/Compiled \d+ nodes to target\/compiled\//);
    const sql = readFileSync(join(project.dir, 'target/compiled/shop/models/marts/customer_orders.sql'), 'utf8');
    expect(sql).toContain('from "main"."stg_customers" as c');
    expect(sql).not.toContain('{{');
    const manifest = JSON.parse(readFileSync(join(project.dir, 'target/manifest.json'), 'utf8')) as {
      nodes: Record<string, { description: string }>;
    };
    expect(manifest.nodes['model.shop.customer_orders']!.description).toBe('Orders and amount per customer.');
    const one = await cli('compile', '-s', 'stg_orders');
    expect(one.stdout.trim()).toBe(
      readFileSync(join(project.dir, 'target/compiled/shop/models/staging/stg_orders.sql'), 'utf8').trim(),
    );
  });

  it('show --select m --limit 2 and show --inline print a table', async () => {
    const res = await cli('show', '--select', 'stg_orders', '--limit', '2');
    expect(res.code, res.all).toBe(0);
    expect(res.stdout.trim().split('\n')).toEqual([
      '| order_id | customer_id | amount |',
      '| -------- | ----------- | ------ |',
      '|        1 |          10 |  100.0 |',
      '|        2 |          10 |   50.0 |',
      '(2 rows)',
    ]);
    const inline = await cli('show', '--inline', "select name, orders from {{ ref('customer_orders') }} order by name");
    expect(inline.code, inline.all).toBe(0);
    expect(inline.stdout.trim().split('\n')).toEqual([
      '| name | orders |',
      '| ---- | ------ |',
      '| Ada  |      2 |',
      '| Bob  |      1 |',
      '(2 rows)',
    ]);
    const json = await cli('show', '--inline', 'select 1 as one', '--output', 'json');
    expect(JSON.parse(json.stdout)).toEqual([{ one: 1 }]);
  });

  it('debug prints the target without the password and says whether the connection works', async () => {
    const ok = await cli('debug');
    expect(ok.code, ok.all).toBe(0);
    expect(ok.stdout).toMatch(/target:\n {2}name: dev/);
    expect(ok.stdout).toContain('type: pglite');
    expect(ok.stdout).toMatch(/connection:\n {2}ok: OK\n {2}server: PostgreSQL/);
    const bad = await cli('debug', '--target', 'unreachable');
    expect(bad.code).toBe(2);
    expect(bad.stdout).toContain('password: ****');
    expect(bad.stdout).toMatch(/connection:\n {2}ok: false\n {2}error: could not connect to 127\.0\.0\.1:1/);
    expect(bad.all).not.toContain('s3cret-pw');
  });

  it('clean removes target/', async () => {
    expect(existsSync(join(project.dir, 'target'))).toBe(true);
    const res = await cli('clean');
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('Removed target');
    expect(existsSync(join(project.dir, 'target'))).toBe(false);
    expect((await cli('clean')).stdout).toContain('Nothing to clean');
  });
});

describe('init', () => {
  it('scaffolds a project that then runs (exit 0)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tsmodel-init-'));
    try {
      const res = await runCli(['init', 'my_shop'], { cwd: dir });
      expect(res.code, res.all).toBe(0);
      expect(res.stdout).toContain('Next: cd my_shop && tsmodel run');
      const projectDir = join(dir, 'my_shop');
      const run = await runCli(['run'], { cwd: projectDir });
      expect(run.code, run.all).toBe(0);
      expect(run.stdout).toContain('Done. PASS=2 WARN=0 ERROR=0 SKIP=0 TOTAL=2');
      const rows = await queryPglite(
        join(projectDir, '.tsmodel/pgdata'),
        'select how_many::int as n, total::int as total from main.number_stats',
      );
      expect(rows).toEqual([{ n: 10, total: 385 }]);
      const again = await runCli(['init', 'my_shop'], { cwd: dir });
      expect(again.code).toBe(2);
      expect(again.stderr).toContain('already holds a project');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

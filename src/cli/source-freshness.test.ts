/** `tsmodel source freshness` end to end on the embedded database: the lines, the exit codes, sources.json. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../adapters/test-support/test-databases.js';
import { projectFixture, type ProjectFixture } from '../api/test-support/project-fixture.js';
import { runCli, seedPgliteDatabase } from './test-support/cli.js';

const SOURCES = `sources:
  - name: app
    schema: raw
    config:
      loaded_at_field: loaded_at
      freshness:
        warn_after: {count: 1, period: hour}
        error_after: {count: 3, period: hour}
    tables:
      - name: events
      - name: late
        identifier: events
        config: {loaded_at_query: "select now() - interval '2 hours'"}
      - name: stale
        identifier: events
        config: {loaded_at_query: "select now() - interval '4 hours'"}
      - name: missing
      - name: undated
        identifier: events
        config: {freshness: null}
`;

describe('tsmodel source freshness', () => {
  let project: ProjectFixture;
  const cli = (...args: string[]) => runCli(args, { cwd: project.dir, env: { NO_COLOR: '1' } });

  beforeAll(async () => {
    project = projectFixture({ 'project.yml': 'name: shop\n', 'models/sources.yml': SOURCES });
    const db = await createTestDatabase('pglite');
    try {
      const setup =
        'create schema raw; create table raw.events (id int, loaded_at timestamptz); insert into raw.events values (1, now())';
      await seedPgliteDatabase(db, project.dir, '.tsmodel/pgdata', setup);
    } finally {
      await db.dispose();
    }
  });
  afterAll(() => project?.dispose());

  it('prints a line per source as dbt does, lists the skipped, exits 1 on a stale or failed source', async () => {
    const res = await cli('source', 'freshness');
    expect(res.code).toBe(1);
    const lines = res.stdout
      .split('\n')
      .map((l) => l.replace(/^\d\d:\d\d:\d\d {2}/, '').replace(/ in \d+\.\d\ds\]/, ']'));
    for (const l of [
      'skipped freshness of app.undated: no freshness configured',
      '1 of 4 START freshness of app.events [RUN]',
      '1 of 4 PASS freshness of app.events [PASS]',
      '2 of 4 WARN freshness of app.late [WARN]',
      '3 of 4 ERROR freshness of app.missing [ERROR]',
      '4 of 4 ERROR STALE freshness of app.stale [ERROR STALE]',
      'Done. PASS=1 WARN=1 ERROR=2 SKIP=1 TOTAL=5',
    ])
      expect(lines).toContain(l);
    expect(res.stdout).toMatch(
      /models\/sources.yml:17:9: freshness of app.missing \(raw.missing\): relation "raw.missing" does not exist/,
    );
    expect(res.stdout).toMatch(/latest load \S+ is 4 h old \(warn after 1 hour, error after 3 hours\)/);
    const artifact = JSON.parse(readFileSync(join(project.dir, 'target/sources.json'), 'utf8'));
    expect(artifact.results.map((r: { status: string }) => r.status)).toEqual([
      'pass',
      'warn',
      'runtime error',
      'error',
    ]);
  });

  it('-s narrows, -o writes the results elsewhere, exit 0 when all pass; a missing subcommand is a usage error', async () => {
    const res = await cli('source', 'freshness', '-s', 'source:app.events', '-o', 'out/fresh.json');
    expect([res.code, res.stderr]).toEqual([0, '']);
    expect(res.stdout).toContain('Done. PASS=1 WARN=0 ERROR=0 SKIP=0 TOTAL=1');
    expect(existsSync(join(project.dir, 'out/fresh.json'))).toBe(true);
    const usage = await cli('source');
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('tsmodel source freshness');
  });
});

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  createTestDatabase,
  type TestDatabase,
  describeEachDatabase,
} from '../adapters/test-support/test-databases.js';
import { DatabaseError } from '../adapters/errors.js';
import { TsmodelErrors } from '../errors/index.js';
import { MemorySink, type TsmodelEvent } from '../events/index.js';
import { projectFixture } from './test-support/project-fixture.js';
import { run, seed } from './index.js';

/**
 * Issue 14 item 7: only failures that can succeed on a second try are retried.
 * A NUL byte in the SQL is a protocol violation (08P01) on both engines: it
 * fails the same way every time, so it must fail at once, not after retries.
 * And a model file that is not text never gets as far as the database.
 */
describeEachDatabase('retry classification on %s', (kind) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(kind);
  });
  afterAll(() => db.dispose());

  const retryLogs = (events: TsmodelEvent[]) =>
    events.filter((e) => e.type === 'log' && /transient failure; retry/.test(e.message));

  it('a protocol violation (08P01) fails the node at once, with no retry', async () => {
    const project = projectFixture({
      'project.yml': 'name: retries\n',
      'models/a.sql': 'select \'{{ var("s") }}\' as x\n',
    });
    const sink = new MemorySink();
    try {
      const summary = await run({
        projectDir: project.dir,
        targetConfig: { ...db.target, retries: 3, retryDelayMs: 1 },
        adapter: db.adapter(),
        vars: { s: 'a\u0000b' },
        events: sink,
      });
      expect(summary.success).toBe(false);
      const error = summary.results[0]!.error;
      expect(error?.message).toMatch(/^a failed while trying to create/);
      expect(error?.cause).toBeInstanceOf(DatabaseError);
      expect((error?.cause as DatabaseError).sqlstate).toBe('08P01');
      expect(retryLogs(sink.events)).toEqual([]);
      // The connection is still usable afterwards.
      expect((await db.adapter().query('select 1 as one')).rows[0]).toEqual({ one: 1 });
    } finally {
      project.dispose();
    }
  });

  it.each([
    ['a NUL byte', Buffer.from('select 1 as id\n-- x\u0000y\n'), 'a NUL byte at line 2'],
    [
      'invalid UTF-8',
      Buffer.concat([Buffer.from('select 1 as id,\n\n'), Buffer.from([0xc3, 0x28]), Buffer.from(' as x\n')]),
      'byte 0xc3, which is not valid UTF-8 at line 3',
    ],
  ])('a model file with %s is refused at parse time, with its line', async (_what, bytes, message) => {
    const project = projectFixture({ 'project.yml': 'name: retries\n', 'models/ok.sql': 'select 1 as id\n' });
    writeFileSync(join(project.dir, 'models/bin.sql'), bytes);
    try {
      const err = await run({ projectDir: project.dir, targetConfig: db.target, adapter: db.adapter() }).catch(
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(TsmodelErrors);
      const errors = (err as TsmodelErrors).errors;
      expect(errors).toHaveLength(1);
      expect(errors[0]!.message).toBe(`models/bin.sql is not a UTF-8 text file: it has ${message}`);
      expect(errors[0]!.location).toEqual({ file: 'models/bin.sql', line: Number(message.slice(-1)) });
      expect(errors[0]!.hint).toMatch(/UTF-8/);
      const rels = await db.adapter().query("select 1 from pg_class where relname in ('ok', 'bin')");
      expect(rels.rows).toEqual([]);
    } finally {
      project.dispose();
    }
  });

  it('a seed with a NUL byte fails with its line and an encoding hint, and keeps its rows', async () => {
    const project = projectFixture({ 'project.yml': 'name: retries\n', 'seeds/s.csv': 'id,name\n1,a\n' });
    const opts = { projectDir: project.dir, targetConfig: db.target, adapter: db.adapter() };
    try {
      expect((await seed(opts)).success).toBe(true);
      project.write('seeds/s.csv', 'id,name\n1,a\n2,b\u0000c\n');
      const summary = await seed(opts);
      const error = summary.results[0]!.error!;
      expect(error.location).toEqual({ file: 'seeds/s.csv', line: 3 });
      expect(error.message).toMatch(/invalid byte sequence for encoding "UTF8": 0x00/);
      expect(error.hint).toMatch(/^The file holds a byte that is not UTF-8 text there/);
      expect((await db.adapter().query('select id, name from main.s')).rows).toEqual([{ id: 1, name: 'a' }]);
    } finally {
      project.dispose();
    }
  });
});

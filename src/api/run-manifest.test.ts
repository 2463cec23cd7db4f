import { existsSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../adapters/test-support/test-databases.js';
import { MemorySink } from '../events/index.js';
import { databaseProject } from './test-support/database-project.js';
import { run, type RunOptions } from './run.js';

const FILES = {
  'project.yml': 'name: shop\nprofile: shop\n',
  'models/a.sql': 'select 1 as id',
  'models/b.sql': "select id, 'x' as label from {{ ref('a') }}",
  'models/schema.yml':
    'version: 2\nmodels:\n  - name: b\n    columns:\n      - name: id\n        data_tests: [not_null]\n',
};

/** manifest.json without what differs between two invocations (its time and id). */
const body = (text: string) =>
  text
    .replace(/"generated_at": "[^"]*"/g, '')
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, 'ID');

describeEachDatabase('run: manifest.json on %s', (kind) => {
  const { db, project } = databaseProject(kind, FILES);
  const manifestPath = () => join(project.dir, 'target/manifest.json');
  const manifest = () => readFileSync(manifestPath(), 'utf8');
  /** Runs with the parse kept in target/; says how manifest.json was written (the debug line). */
  const runOnce = async (opts: RunOptions = {}) => {
    const events = new MemorySink();
    const summary = await run({
      projectDir: project.dir,
      targetConfig: db.target,
      adapter: db.adapter(),
      events,
      partialParse: true,
      ...opts,
    });
    expect(summary.success).toBe(true);
    const line = events.events.find((e) => JSON.stringify(e).includes('manifest.json: '));
    return JSON.stringify(line).includes('metadata rewritten') ? 'spliced' : 'whole';
  };

  it('rewrites only the metadata of a repeated run, byte for byte what a whole write gives', async () => {
    await runOnce(); // a, which b reads
    expect(await runOnce({ select: ['b'] })).toBe('whole');
    const first = manifest();
    expect(await runOnce({ select: ['b'] })).toBe('spliced');
    const spliced = manifest();
    expect(spliced).not.toBe(first); // a new time and invocation id
    expect(body(spliced)).toBe(body(first));
    expect(JSON.parse(spliced).nodes['model.shop.b'].compiled_code).toContain('"main"."a"');
    // Without the record: written whole, the same bytes but the metadata.
    const record = join(project.dir, 'target/run_manifest_record.json');
    writeFileSync(record, '{ damaged');
    expect(await runOnce({ select: ['b'] })).toBe('whole');
    expect(body(manifest())).toBe(body(spliced));
  });

  it('writes the manifest whole when the nodes run, the parse or the file changed', async () => {
    await runOnce();
    expect(await runOnce({ select: ['b'] })).toBe('whole');
    const onlyB = manifest();
    // Other nodes run: other compiled SQL in the manifest.
    expect(await runOnce({ select: ['a'] })).toBe('whole');
    expect(JSON.parse(manifest()).nodes['model.shop.a'].compiled_code).toBeDefined();
    expect(JSON.parse(manifest()).nodes['model.shop.b'].compiled_code).toBeUndefined();
    expect(await runOnce({ select: ['b'] })).toBe('whole');
    expect(body(manifest())).toBe(body(onlyB));
    // A model edited: another parse.
    project.write('models/b.sql', "select id, 'y' as label from {{ ref('a') }}");
    expect(await runOnce({ select: ['b'] })).toBe('whole');
    expect(manifest()).toContain("'y' as label");
    // The file edited since (its size and time changed): never spliced over.
    const edited = manifest().replace('"model.shop.a"', '"model.shop.z"');
    writeFileSync(manifestPath(), edited);
    const t = new Date(statSync(manifestPath()).mtimeMs + 5000);
    utimesSync(manifestPath(), t, t);
    expect(await runOnce({ select: ['b'] })).toBe('whole');
    expect(manifest()).toContain('"model.shop.a"');
    // Without partial parsing nothing is recorded, and the manifest is whole.
    expect(await runOnce({ select: ['b'], partialParse: false })).toBe('whole');
    expect(existsSync(join(project.dir, 'target/run_manifest_record.json'))).toBe(false);
  });
});

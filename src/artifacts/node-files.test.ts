import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TsmodelError } from '../errors/index.js';
import type { ProjectNode } from '../parse/index.js';
import { NodeFiles } from './node-files.js';

const node = { packageName: 'shop', originalFilePath: 'models/orders.sql', name: 'orders' } as ProjectNode;

describe("NodeFiles: a run writes each node's files as it ends", () => {
  const dirs: string[] = [];
  const fresh = () => {
    const d = mkdtempSync(join(tmpdir(), 'tsmodel-node-files-'));
    dirs.push(d);
    return d;
  };
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('writes the compiled and run files, and leaves a file that already holds the text untouched', async () => {
    const root = fresh();
    const files = new NodeFiles(root, 'target');
    files.write(node, { compiledSql: 'select 1', runSql: 'create view x as (select 1);\n' });
    await files.done();
    const compiled = join(root, 'target/compiled/shop/models/orders.sql');
    const run = join(root, 'target/run/shop/models/orders.sql');
    expect(readFileSync(compiled, 'utf8')).toBe('select 1\n');
    expect(readFileSync(run, 'utf8')).toBe('create view x as (select 1);\n');
    const past = new Date(Math.floor(Date.now() / 1000) * 1000 - 60_000);
    utimesSync(compiled, past, past);
    const again = new NodeFiles(root, 'target');
    again.write(node, { compiledSql: 'select 1', runSql: 'create view x as (select 2);\n' });
    await again.done();
    expect(statSync(compiled).mtimeMs).toBe(past.getTime());
    expect(readFileSync(run, 'utf8')).toBe('create view x as (select 2);\n');
  });

  // /dev/full answers every write with ENOSPC: a real full disk, without mounting one.
  it.runIf(existsSync('/dev/full'))('reports a full disk from done(), naming the file', async () => {
    const root = fresh();
    mkdirSync(join(root, 'target/run/shop/models'), { recursive: true });
    symlinkSync('/dev/full', join(root, 'target/run/shop/models/orders.sql'));
    const files = new NodeFiles(root, 'target');
    files.write(node, { compiledSql: 'select 1', runSql: 'create view x as (select 1);\n' });
    const err = await files.done().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(TsmodelError);
    expect((err as TsmodelError).message).toMatch(/^Could not write .*orders\.sql: the disk is full \(ENOSPC\)$/);
    expect(readFileSync(join(root, 'target/compiled/shop/models/orders.sql'), 'utf8')).toBe('select 1\n');
  });
});

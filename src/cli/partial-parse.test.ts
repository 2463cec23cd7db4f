import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectFixture, type ProjectFixture } from '../api/test-support/project-fixture.js';
import { runCli } from './test-support/cli.js';

describe('tsmodel ls with target/partial_parse.bin', () => {
  let project: ProjectFixture;
  beforeAll(() => {
    project = projectFixture({
      'project.yml': 'name: shop\n',
      'models/a.sql': 'select 1 as id\n',
      'models/b.sql': "select * from {{ ref('a') }}\n",
    });
  });
  afterAll(() => project.dispose());
  const ls = (...flags: string[]) => runCli(['ls', '--debug', ...flags], { cwd: project.dir });
  const partialLine = (out: string) => /partial parse: (\w+)/.exec(out)?.[1];

  it('--no-partial-parse neither reads nor writes it', async () => {
    const r = await ls('--no-partial-parse');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('shop.b');
    expect(partialLine(r.stderr)).toBeUndefined();
    expect(existsSync(join(project.dir, 'target/partial_parse.bin'))).toBe(false);
  });

  it('processes writing it at once leave one whole file, which the next process reuses', async () => {
    const all = await Promise.all([ls(), ls(), ls()]);
    // Each parses, or reuses what one that finished first wrote: never a half-written file.
    for (const r of all) {
      expect(r.code).toBe(0);
      expect(['parsed', 'reused']).toContain(partialLine(r.stderr));
      expect(r.stdout).toBe(all[0]!.stdout);
    }
    expect(all.map((r) => partialLine(r.stderr))).toContain('parsed');
    expect(readdirSync(join(project.dir, 'target'))).toEqual(['partial_parse.bin']);
    const next = await ls();
    expect(partialLine(next.stderr)).toBe('reused');
    expect(next.stdout).toBe(all[0]!.stdout);
  });

  it('compile keeps its SQL beside it, taken again while nothing changes (--no-partial-parse: neither)', async () => {
    const compile = (...flags: string[]) => runCli(['compile', '--debug', ...flags], { cwd: project.dir });
    const reuseLine = (out: string) => /compile reuse: (\d+) node\(s\) reused, (\d+) rendered/.exec(out)?.slice(1);
    const none = await compile('--no-partial-parse');
    expect(none.code).toBe(0);
    expect(reuseLine(none.stderr)).toBeUndefined();
    expect(existsSync(join(project.dir, 'target/compile_cache.json'))).toBe(false);
    expect(reuseLine((await compile()).stderr)).toEqual(['0', '2']);
    const again = await compile();
    expect(reuseLine(again.stderr)).toEqual(['2', '0']);
    expect(readFileSync(join(project.dir, 'target/compiled/shop/models/b.sql'), 'utf8')).toBe(
      'select * from "main"."a"\n',
    );
  });
});

import { existsSync, readdirSync } from 'node:fs';
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
});

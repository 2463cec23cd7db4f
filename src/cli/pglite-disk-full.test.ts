import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PgliteTarget } from '../config/index.js';
import { createTestDatabase } from '../adapters/test-support/test-databases.js';
import { projectFixture, type ProjectFixture } from '../api/test-support/project-fixture.js';
import { queryPglite, runCli } from './test-support/cli.js';

// A seed into a PGlite folder on a small file system (an 80 MB tmpfs mounted
// here): it must stop with a message naming the folder and what to free, exit
// non-zero, and leave the folder with its previous contents.

const mountPoint = mkdtempSync(join(tmpdir(), 'tsmodel-small-disk-'));
const cannotMount = tryMount(mountPoint, '80m');
if (cannotMount) console.warn(`SKIPPED the disk-full test: cannot mount a tmpfs (${cannotMount})`);

function tryMount(dir: string, size: string): string | undefined {
  if (process.platform !== 'linux') return `mounting a tmpfs needs Linux, this is ${process.platform}`;
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { stdio: 'pipe' });
    return undefined;
  } catch (err) {
    const e = err as { stderr?: Buffer; message: string };
    return (e.stderr?.toString().trim() || e.message).split('\n')[0];
  }
}

/** A CSV of about `mb` megabytes. */
function bigCsv(mb: number): string {
  const row = (i: number) => `${i},name ${i},${'x'.repeat(80)}\n`;
  const rows = Math.ceil((mb * 1024 * 1024) / row(1).length);
  const out: string[] = ['id,name,note\n'];
  for (let i = 1; i <= rows; i++) out.push(row(i));
  return out.join('');
}

describe('a PGlite seed on a full disk', () => {
  let project: ProjectFixture;
  const dbPath = join(mountPoint, 'db');
  beforeAll(async () => {
    if (cannotMount) return;
    project = projectFixture({
      'project.yml': 'name: shop\n',
      'profiles.yml': `shop:\n  target: small\n  outputs:\n    small: {type: pglite, path: ${dbPath}}\n`,
      'seeds/small.csv': 'id,name\n1,Ann\n2,Bob\n3,Cy\n',
    });
    // A ready database (copied: skips PGlite's initdb), on the small disk.
    const db = await createTestDatabase('pglite');
    await db.adapter().close();
    cpSync((db.target as PgliteTarget).path, dbPath, { recursive: true });
    await db.dispose();
  });
  afterAll(() => {
    project?.dispose();
    if (!cannotMount) execFileSync('umount', [mountPoint]);
    rmSync(mountPoint, { recursive: true, force: true });
  });

  it.skipIf(cannotMount)(
    'stops with the folder and the space to free named, exits 1, rolls back, and the folder opens' +
      `${cannotMount ? ` (skipped: ${cannotMount})` : ''}`,
    async () => {
      const first = await runCli(['seed'], { cwd: project.dir });
      expect(first.code, first.all).toBe(0);

      const big = bigCsv(90);
      writeFileSync(join(project.dir, 'seeds/big.csv'), big);
      const full = await runCli(['seed'], { cwd: project.dir });
      expect(full.code, full.all).toBe(1);
      expect(full.all).toContain(`seeds/big.csv: The disk holding the PGlite database ${dbPath} is full`);
      expect(full.all).toMatch(/No space left on device/);
      expect(full.all).toMatch(
        new RegExp(`hint: Free at least \\d+ MB more on the disk holding ${dbPath} \\(\\d+ MB free now\\)`),
      );
      expect(full.all).not.toMatch(/^\s+at /m);

      // Space freed (as the message says to do): the folder opens, the earlier seed is intact, the failed one absent.
      execFileSync('mount', ['-o', 'remount,size=400m', mountPoint]);
      expect(
        await queryPglite(
          dbPath,
          `select (select count(*)::int from main.small) as small, to_regclass('main.big') is null as big_absent,
                (select count(*)::int from pg_class where relname like '%__tsmodel_%') as leftovers`,
        ),
      ).toEqual([{ small: 3, big_absent: true, leftovers: 0 }]);
      const again = await runCli(['seed'], { cwd: project.dir });
      expect(again.code, again.all).toBe(0);
      expect(await queryPglite(dbPath, 'select count(*)::int as n from main.big')).toEqual([
        { n: big.split('\n').length - 2 },
      ]);
    },
  );
});

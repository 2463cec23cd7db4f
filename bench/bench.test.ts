/**
 * Keeps the benchmark harness from rotting: runs `npm run bench -- --quick`
 * (tiny sizes, one repetition) and checks that results.json has every
 * section with numeric figures. No timing is asserted. With
 * TSMODEL_TEST_PG_URL the PostgreSQL parts run on that server; without it
 * they are skipped (--no-pg) and the results say so.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { BenchResults } from './lib/results.js';
import { BENCH_DIR, REPO_ROOT } from './lib/proc.js';
import { SECTIONS } from './sections/index.js';

const pgUrl = process.env.TSMODEL_TEST_PG_URL;
const ALWAYS_MEASURED = ['compile', 'run-overhead', 'seed', 'snapshot', 'end-to-end'];

describe('npm run bench -- --quick', () => {
  mkdirSync(join(BENCH_DIR, '.work'), { recursive: true });
  const dir = mkdtempSync(join(BENCH_DIR, '.work', 'test-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const arms = pgUrl ? 'PostgreSQL and PGlite' : 'PGlite only: no TSMODEL_TEST_PG_URL';
  it(`writes results.json with every section and numeric figures (${arms})`, () => {
    const out = join(dir, 'results.json');
    const args = [
      '--import',
      'tsx',
      join(BENCH_DIR, 'main.ts'),
      '--quick',
      '--out',
      out,
      '--work-dir',
      join(dir, 'work'),
      ...(pgUrl ? ['--pg-url', pgUrl] : ['--no-pg']),
    ];
    const r = spawnSync(process.execPath, args, { cwd: REPO_ROOT, encoding: 'utf8', timeout: 540_000 });
    expect(r.status, `bench exited with ${r.status}:\n${r.stderr?.slice(-4000)}`).toBe(0);
    expect(r.stdout).toContain('## compile');

    const results = JSON.parse(readFileSync(out, 'utf8')) as BenchResults;
    expect(results.quick).toBe(true);
    expect(results.machine.cores).toBeGreaterThan(0);
    expect(results.machine.cpuModel).toEqual(expect.any(String));
    expect(results.machine.node).toBe(process.version);
    expect(results.machine.pglite).toMatch(/^\d+\.\d+/);
    expect(results.sections.map((s) => s.name)).toEqual(SECTIONS.map((s) => s.name));
    for (const section of results.sections) {
      if (SECTIONS.find((s) => s.name === section.name)!.pending) {
        expect(section.status).toBe('pending');
        continue;
      }
      expect(section.error, `${section.name}: ${section.error}`).toBeUndefined();
      expect(['ok', 'partial']).toContain(section.status);
      // A section may be partial with nothing to measure yet (it says why); these always measure something.
      if (ALWAYS_MEASURED.includes(section.name) || section.status === 'ok')
        expect(section.figures.length, section.name).toBeGreaterThan(0);
      else expect(section.notes.length, section.name).toBeGreaterThan(0);
      for (const f of section.figures) {
        // A row that could not be measured (a peer not installed) stays, says why, and makes its section partial.
        if (f.n === 0 && f.note?.startsWith('skipped: ')) {
          expect(section.status, `${section.name}/${f.id}`).toBe('partial');
          continue;
        }
        for (const key of ['median', 'min', 'max'] as const)
          expect(Number.isFinite(f[key]), `${section.name}/${f.id}.${key} = ${f[key]}`).toBe(true);
        expect(f.values.every((v) => Number.isFinite(v))).toBe(true);
        if (f.kind === 'measured' || f.kind === 'ratio') expect(f.n, `${section.name}/${f.id}`).toBeGreaterThan(0);
      }
    }
    const engines = new Set(results.sections.flatMap((s) => s.figures.map((f) => f.engine)).filter(Boolean));
    expect(engines.has('pglite')).toBe(true);
    if (pgUrl) {
      expect(results.postgres.used).toBe(true);
      expect(results.machine.postgres).toMatch(/PostgreSQL/);
      expect(engines.has('postgres')).toBe(true);
    } else {
      expect(results.postgres).toEqual({ used: false, reason: '--no-pg' });
      expect(engines.has('postgres')).toBe(false);
      for (const name of ['run-overhead', 'seed', 'snapshot', 'end-to-end']) {
        const s = results.sections.find((x) => x.name === name)!;
        expect(s.status, name).toBe('partial');
        expect(s.notes.join(' '), name).toMatch(/PostgreSQL not used/);
      }
    }
  }, 600_000);
});

import { readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  describeEachDatabase,
  createTestDatabase,
  type TestDatabase,
} from '../adapters/test-support/test-databases.js';
import { exitCodeForError, exitCodeForRun } from '../cli/exit-code.js';
import { formatError, toErrorList } from '../errors/index.js';
import { parseVarsArg } from '../config/index.js';
import { projectFixture } from './test-support/project-fixture.js';
import { build, compile, ls, run, seed, snapshot, type RunOptions } from './index.js';

/**
 * The bad-input corpus: each file in __fixtures__/bad-input/ is a small broken
 * project (or a good one, then a breaking change). Each must fail with the
 * exit code the CLI would give, a message naming what is wrong (file and
 * line where there is one), no stack trace — and leave the database exactly
 * as the good build left it.
 */
interface Case {
  description: string;
  command: 'run' | 'build' | 'seed' | 'snapshot' | 'compile' | 'ls';
  select?: string[];
  vars?: string;
  exit: number;
  message: string;
  location?: string;
  /** Files of a first, good build (the state that must survive). */
  good?: Record<string, string>;
  /** The broken files, written over the good ones (null deletes a file). */
  files: Record<string, string | null>;
  /** Symlinks made after the files: path in the project → link target. */
  links?: Record<string, string>;
  /** Broken files given as base64, for bytes a YAML string can't hold (invalid UTF-8). */
  binaryFiles?: Record<string, string>;
}

const DIR = fileURLToPath(new URL('./__fixtures__/bad-input/', import.meta.url));
const CASES = readdirSync(DIR)
  .filter((f) => f.endsWith('.yml'))
  .sort()
  .map((f) => [f.replace(/\.yml$/, ''), parseYaml(readFileSync(DIR + f, 'utf8')) as Case] as const);

const BASE = { 'project.yml': 'name: corpus\n' };
const STATE = `select n.nspname || '.' || c.relname as rel, c.relkind::text as kind
  from pg_class c join pg_namespace n on n.oid = c.relnamespace
  where n.nspname not in ('pg_catalog', 'information_schema', 'pg_toast') and n.nspname not like 'pg_temp%'
    and n.nspname not like 'pg_toast_temp%' and c.relkind in ('r','v','m','p') order by 1`;

describeEachDatabase('the bad-input corpus on %s', (kind) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(kind);
  });
  afterAll(() => db.dispose());

  const state = async () => {
    const out: Record<string, string> = {};
    for (const r of (await db.adapter().query(STATE)).rows) {
      const [schema, name] = String(r.rel).split('.');
      const res = await db
        .adapter()
        .query(`select md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as h from "${schema}"."${name}" t`);
      out[String(r.rel)] = `${String(r.kind)}:${String(res.rows[0]!.h)}`;
    }
    return out;
  };

  it('has at least 40 cases', () => expect(CASES.length).toBeGreaterThanOrEqual(40));

  it.each(CASES)('%s', async (_name, c) => {
    await db.adapter().query('drop schema if exists main cascade; drop schema if exists raw cascade');
    const project = projectFixture({ ...BASE, ...(c.good ?? {}) });
    try {
      // A case that brings its own profiles.yml is about the profile: no ready-made target then.
      const ownProfile = 'profiles.yml' in c.files;
      const opts = (): RunOptions => ({
        projectDir: project.dir,
        ...(ownProfile ? { env: {} } : { targetConfig: db.target, adapter: db.adapter() }),
        select: c.select,
        vars: c.vars ? parseVarsArg(c.vars) : undefined,
      });
      if (c.good)
        expect((await build({ projectDir: project.dir, targetConfig: db.target, adapter: db.adapter() })).success).toBe(
          true,
        );
      const before = await state();
      for (const [f, text] of Object.entries(c.files)) {
        if (text === null) project.remove(f);
        else project.write(f, text);
      }
      for (const [f, target] of Object.entries(c.links ?? {})) symlinkSync(target, join(project.dir, f));
      for (const [f, b64] of Object.entries(c.binaryFiles ?? {})) project.write(f, Buffer.from(b64, 'base64'));
      let code: number;
      let output: string;
      try {
        if (c.vars) parseVarsArg(c.vars);
        const commands = { run, build, seed, snapshot };
        if (c.command === 'compile') {
          compile(opts());
          code = 0;
          output = '';
        } else if (c.command === 'ls') {
          ls(opts());
          code = 0;
          output = '';
        } else {
          const summary = await commands[c.command](opts());
          code = exitCodeForRun(summary.success);
          output = summary.results
            .filter((r) => r.error)
            .map((r) => formatError(r.error!))
            .join('\n');
          const failed = summary.results.find((r) => r.error);
          if (c.location)
            expect(
              failed?.error?.location ? `${failed.error.location.file}:${failed.error.location.line}` : undefined,
            ).toBe(c.location);
        }
      } catch (err) {
        code = exitCodeForError(err);
        const errors = toErrorList(err);
        output = errors.map((e) => formatError(e)).join('\n');
        if (c.location) expect(errors.map((e) => `${e.location?.file}:${e.location?.line}`)).toContain(c.location);
        expect(errors.every((e) => e.code !== 'internal')).toBe(true);
      }
      expect(code).toBe(c.exit);
      expect(output).toMatch(new RegExp(c.message));
      expect(output).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)/);
      expect(await state()).toEqual(before);
    } finally {
      project.dispose();
    }
  });
});

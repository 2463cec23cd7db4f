/**
 * Issue 14 item 8: a secret rendered into SQL never leaves the process. A
 * failing model puts the password into the database's error message, a
 * passing one puts a DBT_ENV_SECRET_ value and an API key into its compiled
 * SQL; then every file under target/ and logs/ and everything the CLI
 * printed is searched for them (for the random core of each, so a half
 * scrubbed value is caught too). They show as *****.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  createTestDatabase,
  type TestDatabase,
  describeEachDatabase,
} from '../adapters/test-support/test-databases.js';
import type { PostgresTarget } from '../config/index.js';
import { projectFixture, type ProjectFixture } from '../api/test-support/project-fixture.js';
import { readTree, runCli } from './test-support/cli.js';

const core = () => randomBytes(8).toString('hex');

describeEachDatabase('secrets in rendered SQL on %s', (kind) => {
  let db: TestDatabase | undefined;
  let project: ProjectFixture;
  const password = core();
  const token = core();
  const apiKey = core();
  const env: Record<string, string> = {
    // A double quote: JSON escapes it, so the escaped form must be scrubbed too.
    DB_PASSWORD: `pw"${password}`,
    DBT_ENV_SECRET_TOKEN: `tok-${token}`,
    STRIPE_API_KEY: `key-${apiKey}`,
    NO_COLOR: '1',
  };
  const args: string[] = [];
  beforeAll(async () => {
    if (kind === 'postgres') {
      db = await createTestDatabase(kind);
      const t = db.target as PostgresTarget;
      Object.assign(env, { DB_HOST: t.host, DB_PORT: String(t.port), DB_NAME: t.dbname, DB_USER: t.user });
      args.push('--target', 'postgres');
    }
    project = projectFixture({
      'project.yml': 'name: secrets\n',
      'models/leaks.sql': `select '{{ env_var("DB_PASSWORD") | replace("'", "''") }}'::int as x\n`,
      'models/holds.sql': `select '{{ env_var("DBT_ENV_SECRET_TOKEN") }}' as token, '{{ env_var("STRIPE_API_KEY") }}' as k\n`,
      'models/after.sql': `select * from {{ ref('leaks') }}\n`,
    });
  });
  afterAll(async () => {
    project?.dispose();
    await db?.dispose();
  });

  it('never appear in the console, logs/ or target/', async () => {
    const outputs: string[] = [];
    const cli = async (...a: string[]) => {
      const res = await runCli([...a, ...args], { cwd: project.dir, env });
      outputs.push(res.all);
      return res;
    };
    const build = await cli('build');
    expect(build.code).toBe(1);
    // The error is still useful: which model, what went wrong, the value masked.
    expect(build.all).toMatch(/leaks.*invalid input syntax for type integer: "\*\*\*\*\*"/s);
    const json = await cli('run', '--select', 'leaks', '--log-format', 'json');
    expect(json.code).toBe(1);
    expect(json.stdout).toContain('*****');
    expect((await cli('compile')).code).toBe(0);
    expect((await cli('docs', 'generate')).code).toBe(0);
    expect((await cli('show', '--select', 'holds')).code).toBe(0);
    expect((await cli('debug')).code).toBe(0);

    const files = {
      ...prefixed('target', readTree(`${project.dir}/target`)),
      ...prefixed('logs', readTree(`${project.dir}/logs`)),
    };
    expect(Object.keys(files)).toEqual(
      expect.arrayContaining([
        'target/manifest.json',
        'target/run_results.json',
        'target/compiled/secrets/models/holds.sql',
        'target/run/secrets/models/leaks.sql',
        'target/docs/index.html',
        'logs/pipeline.log',
      ]),
    );
    for (const [name, text] of [
      ...Object.entries(files),
      ...outputs.map((o, i) => [`output of command ${i + 1}`, o]),
    ]) {
      for (const secret of [password, token, apiKey]) expect(text.includes(secret), `${secret} in ${name}`).toBe(false);
    }
    expect(files['target/compiled/secrets/models/holds.sql']!.trim()).toBe("select '*****' as token, '*****' as k");
    expect(
      JSON.parse(files['target/run_results.json']!).results.find(
        (r: { unique_id: string }) => r.unique_id === 'model.secrets.leaks',
      ).message,
    ).toMatch(/\*\*\*\*\*/);
  }, 300_000);
});

function prefixed(prefix: string, tree: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(tree).map(([k, v]) => [`${prefix}/${k}`, v]));
}

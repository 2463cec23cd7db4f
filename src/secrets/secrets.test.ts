import { afterEach, describe, expect, it } from 'vitest';
import { compile } from '../api/compile.js';
import { projectFixture } from '../api/test-support/project-fixture.js';
import { MemorySink } from '../events/index.js';
import {
  forgetSecrets,
  isSecretEnvName,
  rememberEnvRead,
  rememberSecret,
  scrubLine,
  scrubText,
  scrubValue,
  takeUnscrubbableSources,
} from './secrets.js';

afterEach(() => forgetSecrets());

describe('isSecretEnvName', () => {
  it.each([
    ['DBT_ENV_SECRET_GIT_TOKEN', true],
    ['DB_PASSWORD', true],
    ['PGPASSWORD', true],
    ['MYSQL_PASSWD', true],
    ['AWS_SECRET_ACCESS_KEY', true],
    ['GITHUB_TOKEN', true],
    ['GOOGLE_APPLICATION_CREDENTIALS', true],
    ['STRIPE_API_KEY', true],
    ['APIKEY', true],
    ['KEY', true],
    ['db_password', true],
    ['DB_USER', false],
    ['DB_HOST', false],
    ['MONKEY_NAME', false],
    ['KEYBOARD_LAYOUT', false],
    ['HOME', false],
  ])('%s → %s', (name, expected) => expect(isSecretEnvName(name)).toBe(expected));
});

describe('scrubbing', () => {
  it('replaces a secret everywhere, in its JSON-escaped and SQL-quoted forms too', () => {
    rememberSecret(`it's"hidden`, 'test');
    expect(scrubText(`a it's"hidden b it''s"hidden c ${JSON.stringify(`it's"hidden`)}`)).toBe(
      'a ***** b ***** c "*****"',
    );
  });

  it('keeps JSON lines and values valid: a secret that looks like a number or a keyword', () => {
    rememberSecret('123456', 'test');
    rememberSecret('truely', 'test');
    const line = JSON.stringify({ rows: 1234567, message: 'x 123456 truely', ok: true });
    expect(JSON.parse(scrubLine(line))).toEqual({ rows: 1234567, message: 'x ***** *****', ok: true });
    expect(scrubValue({ a: ['123456'], n: 123456, nested: { '123456': 'k' } })).toEqual({
      a: ['*****'],
      n: 123456,
      nested: { '*****': 'k' },
    });
    expect(scrubLine('plain 123456 text')).toBe('plain ***** text');
    const bare = Object.assign(Object.create(null) as Record<string, unknown>, { m: '123456' });
    expect(scrubValue({ bare })).toEqual({ bare: { m: '*****' } });
  });

  it('leaves output untouched when nothing is known', () => {
    const v = { a: 'x' };
    expect(scrubValue(v)).toBe(v);
    expect(scrubLine('{"a": "x"}')).toBe('{"a": "x"}');
  });

  it('remembers env_var() reads only of secret names', () => {
    rememberEnvRead('DB_USER', 'analyst-user');
    rememberEnvRead('DB_PASSWORD', 'hunter2-long');
    expect(scrubText('analyst-user hunter2-long')).toBe('analyst-user *****');
  });

  it('does not scrub a secret too short to tell from words, and says where it came from', () => {
    expect(rememberSecret('test', 'the password of target dev')).toBe(false);
    rememberEnvRead('API_KEY', 'abc');
    expect(scrubText('a test of abc')).toBe('a test of abc');
    expect(takeUnscrubbableSources()).toEqual(['the password of target dev', 'environment variable API_KEY']);
    expect(takeUnscrubbableSources()).toEqual([]);
  });

  it('replaces a longer secret whole when it contains a shorter one', () => {
    rememberSecret('secret', 'a');
    rememberSecret('secret-and-more', 'b');
    expect(scrubText('x secret-and-more y')).toBe('x ***** y');
  });
});

describe('a project load', () => {
  it('remembers the target password and warns when it is too short to scrub', () => {
    const project = projectFixture({ 'project.yml': 'name: p\n', 'models/a.sql': 'select 1 as id\n' });
    const target = {
      type: 'postgres',
      name: 'prod',
      profileName: 'p',
      schema: 'main',
      threads: 1,
      retries: 0,
      retryDelayMs: 0,
      host: 'localhost',
      port: 5432,
      user: 'u',
      dbname: 'd',
      source: 'profile',
    } as const;
    try {
      const sink = new MemorySink();
      compile({ projectDir: project.dir, targetConfig: { ...target, password: 'pw1' }, events: sink });
      const warnings = sink.events.flatMap((e) => (e.type === 'log' && e.level === 'warn' ? [e.message] : []));
      expect(warnings).toEqual([
        "the password of target 'prod' is a secret shorter than 6 characters: it can't be told apart " +
          'from ordinary words, so it is NOT scrubbed from the console, logs/ or target/. Use a longer one.',
      ]);
      compile({ projectDir: project.dir, targetConfig: { ...target, password: 'long-enough-pw' }, events: sink });
      expect(scrubText('x long-enough-pw')).toBe('x *****');
    } finally {
      project.dispose();
    }
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { TsmodelError, TsmodelErrors } from '../errors/index.js';
import type { CliIo, GlobalArgs } from './context.js';
import { exitCodeForError } from './exit-code.js';
import { handle } from './handle.js';

function fakeIo(): CliIo & { outLines: string[]; errLines: string[] } {
  const outLines: string[] = [];
  const errLines: string[] = [];
  return { out: (l) => outLines.push(l), err: (l) => errLines.push(l), isTTY: false, outLines, errLines };
}

const STACK_LINE = /^\s+at .+[(:]/m;

async function invoke(thrown: unknown, args: GlobalArgs, opts: { dataOnStdout?: boolean } = {}) {
  const io = fakeIo();
  await handle(
    () => {
      throw thrown;
    },
    io,
    opts,
  )(args);
  return { io, exitCode: process.exitCode, err: io.errLines.join('\n') };
}

afterEach(() => {
  process.exitCode = undefined;
});

describe('handle: errors → one paragraph each, exit code', () => {
  const userError = new TsmodelError('template', 'Template error: unexpected token', {
    location: { file: 'models/a.sql', line: 3, column: 9 },
    hint: 'close the tag',
  });

  it('prints a user error as "file:line:col: message" and its hint, exit 2', async () => {
    const { err, exitCode } = await invoke(userError, {});
    expect(err).toBe('models/a.sql:3:9: Template error: unexpected token\n  hint: close the tag');
    expect(exitCode).toBe(2);
  });

  it('--debug adds no stack trace to a user error', async () => {
    const { err } = await invoke(userError, { debug: true });
    expect(err).not.toMatch(STACK_LINE);
    expect(err).toContain('models/a.sql:3:9');
  });

  it('--debug adds the stack trace (and its cause) to an internal error only', async () => {
    const internal = new TypeError("Cannot read properties of undefined (reading 'x')");
    const plain = await invoke(internal, {});
    expect(plain.err).toBe("Cannot read properties of undefined (reading 'x')");
    expect(plain.exitCode).toBe(2);
    const debug = await invoke(internal, { debug: true });
    expect(debug.err).toMatch(STACK_LINE);
    expect(debug.err).toContain('caused by: TypeError');
  });

  it('several problems: each printed, then counted', async () => {
    const { err, exitCode } = await invoke(
      new TsmodelErrors([userError, new TsmodelError('graph-cycle', 'Found a dependency cycle: a → b → a')]),
      {},
    );
    expect(err.split('\n')).toEqual([
      'models/a.sql:3:9: Template error: unexpected token',
      '  hint: close the tag',
      'Found a dependency cycle: a → b → a',
      '2 problems found; nothing was run.',
    ]);
    expect(exitCode).toBe(2);
  });

  it('--log-format json: one JSON error event per problem', async () => {
    const { io } = await invoke(userError, { 'log-format': 'json' });
    const events = io.outLines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(events).toEqual([
      expect.objectContaining({
        event: 'error',
        level: 'error',
        code: 'template',
        location: { file: 'models/a.sql', line: 3, column: 9 },
      }),
    ]);
  });

  it('a data command sends its logs to stderr, keeping stdout for data', async () => {
    const io = fakeIo();
    await handle(
      (_args, events, out) => {
        events.log('warn', 'models/schema.yml:3: unknown key');
        out.out('{"name":"a"}');
        return 0;
      },
      io,
      { dataOnStdout: true },
    )({});
    expect(io.outLines).toEqual(['{"name":"a"}']);
    expect(io.errLines.join('\n')).toContain('warning: models/schema.yml:3: unknown key');
  });

  it('exit codes: 1 when only database errors, 2 otherwise', () => {
    const db = new TsmodelError('database', 'division by zero');
    expect(exitCodeForError(db)).toBe(1);
    expect(exitCodeForError(new TsmodelErrors([db, userError]))).toBe(2);
    expect(exitCodeForError(new Error('boom'))).toBe(2);
  });
});

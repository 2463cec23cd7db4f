import { describe, expect, it } from 'vitest';
import { TsmodelError } from '../errors/index.js';
import { parseVarsArg, readEnv } from './env.js';

function usageErrorOf(text: string): TsmodelError {
  try {
    parseVarsArg(text);
  } catch (err) {
    expect(err).toBeInstanceOf(TsmodelError);
    return err as TsmodelError;
  }
  throw new Error('expected an error');
}

describe('readEnv', () => {
  it('returns a frozen copy of the environment', () => {
    const env = readEnv();
    expect(Object.isFrozen(env)).toBe(true);
    expect(env.PATH).toBe(process.env.PATH);
    expect(env).not.toBe(process.env);
  });
});

describe('parseVarsArg', () => {
  it('reads JSON', () => {
    expect(parseVarsArg('{"start_date": "2024-01-01", "limit": 10, "flags": [true]}')).toEqual({
      start_date: '2024-01-01',
      limit: 10,
      flags: [true],
    });
  });

  it('reads YAML, flow and block', () => {
    expect(parseVarsArg('{key: value, n: 3}')).toEqual({ key: 'value', n: 3 });
    expect(parseVarsArg('region: eu\nnested:\n  a: 1\n')).toEqual({ region: 'eu', nested: { a: 1 } });
  });

  it('reads an empty value as no vars', () => {
    expect(parseVarsArg('  ')).toEqual({});
  });

  it('rejects malformed YAML with an example', () => {
    const err = usageErrorOf('{key: value');
    expect(err.code).toBe('usage');
    expect(err.message).toMatch(/^--vars is not valid YAML or JSON/);
    expect(err.hint).toContain(`--vars '{key: value}'`);
  });

  it('rejects a value that is not a mapping', () => {
    expect(usageErrorOf('just_a_string').message).toBe(
      "--vars must be a mapping of names to values, got 'just_a_string'",
    );
    expect(usageErrorOf('[1, 2]').message).toContain('got a list');
  });
});

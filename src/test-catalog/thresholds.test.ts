import { describe, expect, it } from 'vitest';
import { holds, parseThreshold, verdict } from './thresholds.js';
import { readTestConfig } from './test-config.js';

describe('warn_if / error_if', () => {
  it.each([
    ['>10', '> 10'],
    ['!=0', '!= 0'],
    ['= 0', '== 0'],
    ['<> 0', '!= 0'],
    [' >= 2.5 ', '>= 2.5'],
  ])('parses %j', (text, normalized) => {
    expect(parseThreshold(text)?.text).toBe(normalized);
  });
  it.each(['more than 3', '>', '10', '> -1', '=> 3', ''])('rejects %j', (text) => {
    expect(parseThreshold(text)).toBeUndefined();
  });
  it('compares the failure count', () => {
    const t = parseThreshold('>10')!;
    expect([holds(t, 10), holds(t, 11)]).toEqual([false, true]);
  });
});

describe('verdict', () => {
  const cfg = (raw: Record<string, unknown>) => readTestConfig(raw, 'validity').config;
  it('severity error: error_if decides a failure, then warn_if a warning', () => {
    const c = cfg({ warn_if: '>0', error_if: '>5' });
    expect(verdict(0, 10, c).status).toBe('pass');
    expect(verdict(3, 10, c)).toEqual({
      status: 'warn',
      message: 'Got 3 failing rows of 10 evaluated, configured to warn if > 0',
    });
    expect(verdict(6, 10, c)).toEqual({
      status: 'fail',
      message: 'Got 6 failing rows of 10 evaluated, configured to fail if > 5',
    });
  });
  it('severity warn never fails, whatever error_if says', () => {
    expect(verdict(100, 100, cfg({ severity: 'WARN', error_if: '>1' })).status).toBe('warn');
    expect(verdict(1, 100, cfg({ severity: 'warn', warn_if: '>1' })).status).toBe('pass');
  });
  it('failures within the thresholds pass', () => {
    expect(verdict(2, 10, cfg({ warn_if: '>5', error_if: '>5' }))).toEqual({
      status: 'pass',
      message: 'Got 2 failing rows of 10 evaluated, within the thresholds',
    });
  });
});

describe('readTestConfig', () => {
  it('defaults: severity error, != 0, the fallback dimension', () => {
    expect(readTestConfig({}, 'uniqueness')).toMatchObject({
      config: { severity: 'error', storeFailures: false, dimension: 'uniqueness' },
      problems: [],
    });
  });
  it('reports every problem with its key and a hint', () => {
    const { problems } = readTestConfig(
      { severity: 'fatal', warn_if: 'lots', limit: -1, dimension: 'completness' },
      'validity',
    );
    expect(problems.map((p) => [p.key, p.hint])).toEqual([
      ['severity', 'Write severity: warn or severity: error.'],
      ['warn_if', "Write a comparison and a number, e.g. warn_if: '>10' or warn_if: '!=0'."],
      ['limit', 'Write limit: 100 (the most failing rows to count).'],
      ['dimension', "Did you mean 'completeness'?"],
    ]);
  });
});

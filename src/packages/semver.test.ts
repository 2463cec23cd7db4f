import { describe, expect, it } from 'vitest';
import { compatible, parseConstraint, pickVersion, type Constraint } from './semver.js';

const cs = (...texts: string[]): Constraint[] => texts.map((t) => parseConstraint(t)!);
const RELEASES = ['0.9.1', '1.0.0', '1.1.2', '1.10.0', '1.11.0-b1', '2.0.0'];

describe('package versions', () => {
  it('picks the newest release meeting every constraint, numerically (1.10 after 1.9)', () => {
    expect(pickVersion(RELEASES, cs('>=1.0.0', '<2.0.0'))).toBe('1.10.0');
    expect(pickVersion(RELEASES, cs('1.1.2'))).toBe('1.1.2');
    expect(pickVersion(RELEASES, cs('=1.0.0'))).toBe('1.0.0');
    expect(pickVersion(RELEASES, cs('>1.1.2', '<=1.10.0'))).toBe('1.10.0');
    expect(pickVersion(RELEASES, cs('<1.0.0'))).toBe('0.9.1');
    expect(pickVersion(RELEASES, cs('>=3.0.0'))).toBeUndefined();
  });

  it('skips pre-releases unless asked for or pinned', () => {
    expect(pickVersion(RELEASES, cs('>=1.10.0', '<2.0.0'))).toBe('1.10.0');
    expect(pickVersion(RELEASES, cs('>=1.10.0', '<2.0.0'), true)).toBe('1.11.0-b1');
    expect(pickVersion(RELEASES, cs('1.11.0-b1'))).toBe('1.11.0-b1');
  });

  it('tells whether ranges can meet at all', () => {
    expect(compatible(cs('>=1.0.0', '<2.0.0'))).toBe(true);
    expect(compatible(cs('>=1.2.0', '<1.1.0'))).toBe(false);
    expect(compatible(cs('>1.0.0', '<1.0.1'))).toBe(false);
    expect(compatible(cs('1.0.0', '>=1.0.0'))).toBe(true);
    expect(compatible(cs('1.0.0', '1.0.1'))).toBe(false);
    expect(compatible(cs('<=1.0.0', '>=1.0.0'))).toBe(true);
  });

  it('reads the spellings packages.yml uses, and refuses others', () => {
    expect(parseConstraint('>= 1.2')).toMatchObject({ op: '>=', version: { major: 1, minor: 2, patch: 0 } });
    expect(parseConstraint('v1.0.0')).toMatchObject({ op: '=', version: { major: 1, minor: 0, patch: 0 } });
    expect(parseConstraint('==1.0.0')?.op).toBe('=');
    expect(parseConstraint('latest')).toBeUndefined();
    expect(parseConstraint('~1.0')).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { fnmatch, pathMatcher } from './glob.js';

describe('glob', () => {
  it.each([
    ['stg_orders', 'stg_*', true],
    ['staging.stg_orders', '*', true],
    ['stg_orders', 'stg_?rders', true],
    ['stg_orders', 'STG_*', false],
    ['nightly', 'nightly_*', false],
    ['a.b', 'a?b', true],
    ['orders', '[!o]rders', false],
    ['orders', '[mno]rders', true],
  ])('fnmatch(%s, %s) is %s', (text, pattern, expected) => {
    expect(fnmatch(text, pattern)).toBe(expected);
  });

  it.each([
    ['models/staging/stg_orders.sql', 'models/*/stg_orders.sql', true],
    ['models/a/b/stg_orders.sql', 'models/*/stg_orders.sql', false],
    ['models/a/b/stg_orders.sql', 'models/**/stg_orders.sql', true],
    ['models/stg_orders.sql', 'models/**/stg_orders.sql', true],
    ['models/a/b', 'models/**', true],
    ['models/staging/x.sql', 'models/staging/x.sql', true],
  ])('path %s against %s is %s', (path, pattern, expected) => {
    expect(pathMatcher(pattern)(path)).toBe(expected);
  });
});

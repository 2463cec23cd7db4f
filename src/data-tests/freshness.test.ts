import { describe, expect, it } from 'vitest';
import type { ProjectNode } from '../parse/index.js';
import { describeAge, freshnessPlan, freshnessStatus, type FreshnessCriteria } from './freshness.js';
import { isoMicros, isoUtc, readFreshnessRow } from './freshness-query.js';

const criteria = (warn: number | null, error: number | null): FreshnessCriteria => ({
  warn_after: warn === null ? { count: null, period: null } : { count: warn, period: 'hour' },
  error_after: error === null ? { count: null, period: null } : { count: error, period: 'hour' },
  filter: null,
});

const source = (config: Record<string, unknown>) =>
  ({
    uniqueId: 'source.shop.app.events',
    name: 'events',
    sourceName: 'app',
    originalFilePath: 'models/s.yml',
    config,
    location: { file: 'models/s.yml', line: 4 },
    configLocations: { loaded_at_field: { file: 'models/s.yml', line: 3 } },
  }) as unknown as ProjectNode;

describe('freshness criteria and status', () => {
  it("is older than a threshold only strictly past it (dbt's rule); error_after first", () => {
    expect(freshnessStatus(3600, criteria(1, 3))).toBe('pass');
    expect(freshnessStatus(3600.001, criteria(1, 3))).toBe('warn');
    expect(freshnessStatus(3 * 3600 + 1, criteria(1, 3))).toBe('error');
    expect(freshnessStatus(10 * 3600, criteria(null, 12))).toBe('pass');
    expect(freshnessStatus(10 * 3600, criteria(1, null))).toBe('warn');
    expect(freshnessStatus(-5, criteria(1, 3))).toBe('pass');
  });

  it('plans a check, or says why it skips', () => {
    const f = { warn_after: { count: 2, period: 'day' } };
    expect(freshnessPlan(source({ freshness: f, loaded_at_field: 'at' }))).toMatchObject({
      kind: 'check',
      loadedAt: { field: 'at' },
      criteria: { warn_after: { count: 2, period: 'day' }, error_after: { count: null, period: null } },
    });
    expect(freshnessPlan(source({ freshness: f, loaded_at_query: 'select now()' }))).toMatchObject({
      loadedAt: { query: 'select now()' },
    });
    expect(freshnessPlan(source({ freshness: { filter: 'x' }, loaded_at_field: 'at' }))).toEqual({
      kind: 'skip',
      reason: 'freshness has neither warn_after nor error_after',
    });
    expect(freshnessPlan(source({ freshness: null, loaded_at_field: 'at' })).kind).toBe('skip');
    expect(() => freshnessPlan(source({ freshness: { error_after: { count: 1, period: 'week' } } }))).toThrow(
      'freshness.error_after of source app.events: period must be minute, hour or day, not "week"',
    );
  });

  it('describes ages for people', () => {
    expect([40, 125, 7320, 2 * 86400 + 3 * 3600].map(describeAge)).toEqual([
      '40 s',
      '2 min 5 s',
      '2 h 2 min',
      '2 d 3 h',
    ]);
  });
});

describe('reading the freshness row', () => {
  it('reads JSON timestamps with any offset to UTC microseconds; none is UTC', () => {
    const utc = isoMicros('"2026-12-06T15:00:00.123456+00:00"')!;
    expect(isoMicros('"2026-12-06T20:30:00.123456+05:30"')).toBe(utc);
    expect(isoMicros('"2026-12-06T07:00:00.123456-08:00"')).toBe(utc);
    expect(isoMicros('"2026-12-06T15:00:00.123456"')).toBe(utc);
    expect(isoMicros('"2026-12-06T15:00:00.1+00"')).toBe(utc - 23456);
    expect(isoUtc(utc)).toBe('2026-12-06T15:00:00.123456+00:00');
    expect(isoUtc(isoMicros('"2026-12-06T15:00:00"')!)).toBe('2026-12-06T15:00:00+00:00');
    expect(isoMicros('"infinity"')).toBeUndefined();
  });

  it('gives the age and refuses a null, a non-timestamp or an infinite value at the YAML line', () => {
    const node = source({});
    const row = (type: string, value: string | null) => ({ type, value, now: '"2026-12-06T17:00:00.5+00:00"' });
    expect(
      readFreshnessRow(node, { field: 'at' }, row('timestamp with time zone', '"2026-12-06T16:00:00+01:00"')),
    ).toEqual({
      maxLoadedAt: '2026-12-06T15:00:00+00:00',
      snapshottedAt: '2026-12-06T17:00:00.500000+00:00',
      ageSeconds: 7200.5,
    });
    const fail = (type: string, value: string | null) => {
      try {
        readFreshnessRow(node, { field: 'at' }, row(type, value));
      } catch (e) {
        const err = e as { message: string; location: unknown };
        return [err.location, err.message];
      }
      return undefined;
    };
    const at = { file: 'models/s.yml', line: 3 };
    expect(fail('timestamp with time zone', null)).toEqual([
      at,
      'max(at) of app.events is null: the table has no rows to date it by',
    ]);
    expect(fail('integer', '5')).toEqual([at, 'max(at) of app.events is an integer, not a timestamp']);
    expect(fail('timestamp without time zone', '"infinity"')).toEqual([
      at,
      'max(at) of app.events is "infinity", which is not a point in time',
    ]);
  });
});

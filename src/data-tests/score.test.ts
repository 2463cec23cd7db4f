import { describe, expect, it } from 'vitest';
import { TsmodelError } from '../errors/index.js';
import { EQUAL_WEIGHTS, scoreSet, testScore } from './score.js';
import { assessQuality, type TestRecord } from './quality.js';
import { readQualityConfig } from './quality-config.js';

describe('test score', () => {
  it('is 100 × (1 − failing / evaluated)', () => {
    expect(testScore(0, 1000)).toBe(100);
    expect(testScore(25, 1000)).toBe(97.5);
    expect(testScore(1000, 1000)).toBe(0);
  });
  it('evaluating nothing scores 100; failing more than evaluated scores 0', () => {
    expect(testScore(0, 0)).toBe(100);
    expect(testScore(3, 0)).toBe(0);
    expect(testScore(5, 2)).toBe(0);
  });
});

describe('dimension and overall scores', () => {
  it('weights the tests of a dimension by rows evaluated', () => {
    // 90 on 100 rows and 100 on 900 rows: (90×100 + 100×900) / 1000 = 99
    const set = scoreSet([
      { dimension: 'completeness', failures: 10, evaluated: 100 },
      { dimension: 'completeness', failures: 0, evaluated: 900 },
    ]);
    expect(set.dimensions.completeness).toEqual({ score: 99, tests: 2, failures: 10, evaluated: 1000 });
    expect(set.score).toBe(99);
  });

  it('overall is the mean of the dimensions present, not of the tests', () => {
    const set = scoreSet([
      { dimension: 'completeness', failures: 0, evaluated: 10_000 },
      { dimension: 'validity', failures: 50, evaluated: 100 },
    ]);
    expect(set.dimensions.validity!.score).toBe(50);
    expect(set.score).toBe(75);
    expect(Object.keys(set.dimensions)).toEqual(['completeness', 'validity']);
  });

  it('uses the configured weights; a weight of 0 shows the dimension without counting it', () => {
    const tests = [
      { dimension: 'uniqueness' as const, failures: 0, evaluated: 10 },
      { dimension: 'referential_integrity' as const, failures: 5, evaluated: 10 },
    ];
    expect(scoreSet(tests, { ...EQUAL_WEIGHTS, referential_integrity: 3 }).score).toBe(62.5); // (100 + 3×50) / 4
    const ignored = scoreSet(tests, { ...EQUAL_WEIGHTS, referential_integrity: 0 });
    expect(ignored.score).toBe(100);
    expect(ignored.dimensions.referential_integrity!.score).toBe(50);
  });

  it('no tests: no score', () => {
    expect(scoreSet([])).toEqual({ score: null, dimensions: {} });
  });
});

function record(over: Partial<TestRecord>): TestRecord {
  return {
    uniqueId: `test.x.${Math.random()}`,
    name: 't',
    testType: 'not_null',
    dimension: 'completeness',
    model: 'model.x.a',
    modelName: 'a',
    column: null,
    layer: 'staging',
    severity: 'error',
    status: 'pass',
    failures: 0,
    evaluated: 100,
    samples: [],
    message: '',
    compiledPath: null,
    batched: false,
    ...over,
  };
}

describe('assessQuality', () => {
  const records = [
    record({
      model: 'model.x.stg_a',
      modelName: 'stg_a',
      layer: 'staging',
      status: 'warn',
      failures: 20,
      evaluated: 100,
    }),
    record({
      model: 'model.x.stg_a',
      modelName: 'stg_a',
      layer: 'staging',
      dimension: 'uniqueness',
      status: 'warn',
      failures: 10,
      evaluated: 100,
    }),
    record({ model: 'model.x.a', modelName: 'a', layer: 'production', failures: 0, evaluated: 80 }),
    record({
      model: 'model.x.a',
      modelName: 'a',
      layer: 'production',
      status: 'error',
      failures: null,
      evaluated: null,
    }),
    record({
      model: 'model.x.b',
      modelName: 'b',
      layer: 'production',
      status: 'skipped',
      failures: null,
      evaluated: null,
    }),
  ];

  it('scores per model and per layer; errored and skipped tests are not scored', () => {
    const a = assessQuality(records, readQualityConfig(undefined));
    expect(a.models.get('model.x.stg_a')!.scores.score).toBe(85); // completeness 80, uniqueness 90
    expect(a.models.get('model.x.a')!.scores.score).toBe(100);
    expect(a.models.get('model.x.b')!.scores.score).toBeNull();
    expect([...a.layers.keys()]).toEqual(['production', 'staging']);
    expect(a.layers.get('staging')!.score).toBe(85);
    // completeness: 20 failing of 180 evaluated; uniqueness: 10 of 100
    expect(a.overall.dimensions.completeness!.failures).toBe(20);
    expect(a.overall.dimensions.completeness!.evaluated).toBe(180);
    expect(a.overall.score).toBeCloseTo((100 * (1 - 20 / 180) + 90) / 2, 10);
    expect(a.passed).toBe(true);
  });

  it('checks min_score overall and per layer', () => {
    const a = assessQuality(
      records,
      readQualityConfig({ min_score: 85, layers: { staging: { min_score: 80 }, production: { min_score: 100 } } }),
    );
    expect(a.checks).toEqual([
      { scope: 'overall', name: 'overall', score: a.overall.score, minScore: 85, passed: true },
      { scope: 'layer', name: 'staging', score: 85, minScore: 80, passed: true },
      { scope: 'layer', name: 'production', score: 100, minScore: 100, passed: true },
    ]);
    const strict = assessQuality(records, readQualityConfig({ layers: { staging: { min_score: 90 } } }));
    expect(strict.passed).toBe(false);
    expect(strict.checks).toEqual([{ scope: 'layer', name: 'staging', score: 85, minScore: 90, passed: false }]);
  });
});

describe('readQualityConfig', () => {
  it('reads min_score, weights and layers', () => {
    expect(
      readQualityConfig({ min_score: 90, weights: { validity: 2 }, layers: { staging: { min_score: 60 } } }),
    ).toEqual({
      minScore: 90,
      weights: { ...EQUAL_WEIGHTS, validity: 2 },
      layers: { staging: { minScore: 60 } },
    });
  });
  it('rejects what it cannot use, with suggestions', () => {
    expect(() => readQualityConfig({ min_scor: 90 }, { file: 'project.yml', line: 9 })).toThrow(
      "quality: unknown key 'min_scor' (did you mean 'min_score'?)",
    );
    expect(() => readQualityConfig({ min_score: 120 })).toThrow('min_score must be a number from 0 to 100, got 120');
    expect(() => readQualityConfig({ weights: { validty: 1 } })).toThrow(
      "weights: 'validty' is not a dimension (did you mean 'validity'?)",
    );
    const err = (() => {
      try {
        readQualityConfig({ layers: [] }, { file: 'project.yml', line: 9 });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(err).toBeInstanceOf(TsmodelError);
    expect((err as TsmodelError).location).toEqual({ file: 'project.yml', line: 9 });
  });
});

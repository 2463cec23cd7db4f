import { describe, expect, it } from 'vitest';
import { jsonForScript, inlineScript } from '../web/html.js';
import { layoutLineage } from './layout.js';
import { readQualityReport, readRunResults } from './run-artifacts.js';
import { qualityReportFixture } from './test-support/quality-fixture.js';

describe('layoutLineage', () => {
  const nodes = [
    { id: 'seed.a', label: 'a', parents: [] },
    { id: 'seed.b', label: 'b', parents: [] },
    { id: 'model.x', label: 'x', parents: ['seed.a'] },
    { id: 'model.y', label: 'y_with_a_long_name', parents: ['model.x', 'seed.b'] },
    { id: 'model.z', label: 'z', parents: ['model.y', 'seed.a', 'model.missing'] },
  ];
  const layout = layoutLineage(nodes);
  const at = (id: string) => layout.nodes.find((n) => n.id === id)!;

  it('puts every parent in an earlier column and every root in the first one', () => {
    for (const n of nodes)
      for (const p of n.parents.filter((q) => q !== 'model.missing'))
        expect(at(p).x + at(p).width, `${p} → ${n.id}`).toBeLessThan(at(n.id).x);
    expect(at('seed.b').x).toBe(at('seed.a').x);
    expect(layout.edges).toHaveLength(5);
    expect(layout.width).toBeGreaterThan(at('model.z').x);
  });

  it('is deterministic and does not overlap nodes', () => {
    expect(layoutLineage([...nodes].reverse())).toEqual(layout);
    for (const a of layout.nodes)
      for (const b of layout.nodes)
        if (a !== b)
          expect(
            a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y,
            `${a.id} / ${b.id}`,
          ).toBe(true);
  });
});

describe('reading artifacts', () => {
  it('tolerates missing, foreign and partial files', () => {
    expect(readRunResults(undefined)).toBeUndefined();
    expect(readRunResults({ nodes: {} })).toBeUndefined();
    expect(readQualityReport(undefined)).toBeUndefined();
    expect(readQualityReport({ overall: 'x' })).toBeUndefined();
    const run = readRunResults({
      results: [
        { unique_id: 'model.p.a', status: 'success', execution_time: 0.5, adapter_response: { rows_affected: 3 } },
        { status: 'error' },
        7,
      ],
      elapsed_time: 'soon',
    })!;
    expect(run.byId.get('model.p.a')).toEqual({
      status: 'success',
      message: '',
      executionTime: 0.5,
      rowsAffected: 3,
      timing: [],
    });
    expect(run.info).toEqual({
      generatedAt: undefined,
      command: undefined,
      elapsedTime: undefined,
      counts: { success: 1 },
    });
  });

  it('reads the quality report: overall, dimensions, layers, models, failing tests', () => {
    const q = readQualityReport(qualityReportFixture('p'))!;
    expect(q.overview.score).toBe(91.25);
    expect(Object.keys(q.overview.dimensions)).toEqual([
      'completeness',
      'uniqueness',
      'validity',
      'consistency',
      'referential_integrity',
    ]);
    expect(Object.keys(q.overview.layers)).toEqual(['production', 'warehouse']);
    expect(q.models.get('model.p.fact_sales')?.score).toBe(99.5);
    expect(q.overview.failing.map((t) => [t.name, t.status, t.failures])).toEqual([
      ['accepted_values_prod_transactions_status', 'fail', 40],
    ]);
    expect(q.tests.get('test.p.not_null_fact_sales_customer_sk')?.status).toBe('pass');
  });
});

describe('inlining', () => {
  it('keeps embedded JSON and scripts from closing their element', () => {
    const json = jsonForScript({ sql: "select '</script><script>alert(1)</script>' & \u2028" });
    expect(json).not.toMatch(/<|>|&|\u2028/);
    expect(JSON.parse(json)).toEqual({ sql: "select '</script><script>alert(1)</script>' & \u2028" });
    expect(inlineScript('const s = "</script>";')).toBe('const s = "<\\/script>";');
  });
});

import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { loadCases } from './cases.js';
import { renderWithJinja2 } from './jinja2.js';
import { compare, renderWithTsmodel, type Verdict } from './ours.js';

/*
 * The differential corpus: every case in cases/*.yml is rendered by the real
 * Jinja2 (configured as dbt configures it, jinja2_render.py) and by our
 * Renderer in the same run; the two must agree. Cases listed in
 * known-differences.json are expected to differ until the engine catches up;
 * one that starts agreeing must leave the list.
 *
 * TSMODEL_PARITY_UPDATE_KNOWN=1 rewrites known-differences.json from this run;
 * TSMODEL_PARITY_REPORT=file.json writes every difference (template, both results).
 */

const here = dirname(fileURLToPath(import.meta.url));
const knownFile = join(here, 'known-differences.json');
const templateCases = loadCases(join(here, 'cases'));
const cases = [...templateCases, ...loadCases(join(here, 'native-cases'), true)];
const known = new Set(JSON.parse(readFileSync(knownFile, 'utf8')) as string[]);
const jinja = renderWithJinja2(join(here, 'jinja2_render.py'), cases);
const inCI = Boolean(process.env.CI) && process.env.CI !== 'false' && process.env.CI !== '0';

const verdicts = new Map<string, Verdict>();
function verdictOf(id: string): Verdict {
  let v = verdicts.get(id);
  if (!v && jinja.available) {
    const c = cases.find((x) => x.id === id)!;
    v = compare(jinja.results.get(id)!, renderWithTsmodel(c));
    verdicts.set(id, v);
  }
  return v!;
}

test('the corpus is well formed: at least 300 template cases, the known-differences list names real cases', () => {
  expect(templateCases.length).toBeGreaterThanOrEqual(300);
  const ids = new Set(cases.map((c) => c.id));
  expect([...known].filter((id) => !ids.has(id))).toEqual([]);
});

if (!jinja.available) {
  if (inCI) {
    test('Jinja2 is available to the parity corpus (CI must run it)', () => {
      throw new Error(`Cannot run the Jinja2 parity corpus in CI: ${jinja.reason}`);
    });
  } else {
    console.warn(`Jinja2 parity corpus NOT RUN: ${jinja.reason}`);
    describe.skip(`Jinja2 parity — not run here: ${jinja.reason}`, () => {
      test('every case', () => {});
    });
  }
} else {
  describe(`Jinja2 ${jinja.version} parity`, () => {
    test.each(cases.map((c) => [c.id]))('%s', (id) => {
      const v = verdictOf(id);
      if (known.has(id)) {
        expect(v.same, `${id} now renders as Jinja2 does: remove it from known-differences.json`).toBe(false);
      } else {
        expect(v.same, `${id}: ${v.detail}`).toBe(true);
      }
    });

    afterAll(() => {
      for (const c of cases) verdictOf(c.id);
      const differing = cases.filter((c) => !verdicts.get(c.id)!.same);
      const identical = cases.length - differing.length;
      const native = cases.length - templateCases.length;
      console.log(
        `Jinja2 parity: ${cases.length} cases (${native} of them YAML values), ${identical} identical, ${known.size} known differences`,
      );
      if (process.env.TSMODEL_PARITY_UPDATE_KNOWN === '1') {
        writeFileSync(
          knownFile,
          JSON.stringify(
            differing.map((c) => c.id),
            null,
            2,
          ) + '\n',
        );
      }
      const report = process.env.TSMODEL_PARITY_REPORT;
      if (report) {
        const rows = differing.map((c) => ({ id: c.id, template: c.template, detail: verdicts.get(c.id)!.detail }));
        writeFileSync(report, JSON.stringify(rows, null, 2) + '\n');
      }
    });
  });
}

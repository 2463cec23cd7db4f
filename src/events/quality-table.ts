import type { QualitySummary } from './types.js';

const fmt = (n: number | null) => (n === null ? '   n/a' : n.toFixed(2).padStart(6));

/**
 * The compact score table ending the live log of test and build:
 *   Quality score  97.41 / 100  (min 90: ok)
 *     completeness           99.80   12 tests    24 of 12000 rows failing
 *     layer staging          91.20   min 60: ok
 */
export function qualityTable(s: QualitySummary): { text: string; bad: boolean }[] {
  const lines: { text: string; bad: boolean }[] = [{ text: '', bad: false }];
  const min =
    s.minScore === null ? '' : `  (min ${s.minScore}: ${s.score === null || s.score >= s.minScore ? 'ok' : 'BELOW'})`;
  lines.push({
    text: `Quality score ${fmt(s.score)} / 100${min}`,
    bad: s.minScore !== null && s.score !== null && s.score < s.minScore,
  });
  for (const d of s.dimensions) {
    lines.push({
      text:
        `  ${d.name.padEnd(22)} ${fmt(d.score)}  ${String(d.tests).padStart(4)} test` +
        `${d.tests === 1 ? ' ' : 's'}  ${d.failures} of ${d.evaluated} rows failing`,
      bad: false,
    });
  }
  for (const l of s.layers) {
    const lmin = l.minScore === null ? '' : `  min ${l.minScore}: ${l.passed ? 'ok' : 'BELOW'}`;
    lines.push({ text: `  ${`layer ${l.name}`.padEnd(22)} ${fmt(l.score)}${lmin}`, bad: !l.passed });
  }
  lines.push({
    text: `  report: ${s.reportPath}${s.passed ? '' : ' — below the minimum quality score'}`,
    bad: !s.passed,
  });
  return lines;
}

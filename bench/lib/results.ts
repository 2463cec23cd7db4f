/**
 * The shape of bench/results.json, a builder each section fills, and the
 * table printed at the end.
 */
import { summarize, type Summary } from './stats.js';

export const RESULTS_SCHEMA_VERSION = 1;

export type Unit = 'ms' | 's' | 'MB' | 'x' | 'rows/s' | 'k';
export type Engine = 'postgres' | 'pglite';

export interface Goal {
  op: '<=' | '>=';
  value: number;
  /** Where the goal comes from, e.g. "issue 10". */
  source: string;
}

export interface Figure extends Partial<Summary> {
  id: string;
  label: string;
  unit: Unit;
  /**
   * measured: a time, size or throughput of this run; ratio: paired per-repetition ratios against a
   * baseline measured in the same run; anchor: a published figure, not measured here; predicted:
   * extrapolated because measuring it would take too long (see note).
   */
  kind: 'measured' | 'ratio' | 'anchor' | 'predicted';
  median: number;
  min: number;
  max: number;
  n: number;
  values: number[];
  engine?: Engine;
  goal?: Goal;
  /** Whether the median meets the goal (absent without a goal). */
  met?: boolean;
  note?: string;
}

export type SectionStatus = 'ok' | 'partial' | 'skipped' | 'error' | 'pending';

export interface SectionResult {
  name: string;
  title: string;
  status: SectionStatus;
  notes: string[];
  figures: Figure[];
  elapsedS: number;
  error?: string;
  /** Extra detail: sizes, project shape, profiles. */
  details?: Record<string, unknown>;
}

export interface MachineInfo {
  cpuModel: string;
  cores: number;
  memoryMb: number;
  os: string;
  /** 1, 5 and 15 minute load averages: how busy the shared machine was. */
  loadAvgAtStart: number[];
  loadAvgAtEnd?: number[];
  node: string;
  postgres: string | null;
  psql: string | null;
  pglite: string | null;
  tsx: string | null;
}

export interface BenchResults {
  schemaVersion: number;
  startedAt: string;
  finishedAt: string;
  elapsedS: number;
  command: string;
  quick: boolean;
  runs: number;
  postgres: { used: boolean; reason?: string };
  machine: MachineInfo;
  sections: SectionResult[];
}

export interface FigureOptions {
  engine?: Engine;
  goal?: Goal;
  note?: string;
  digits?: number;
}

/** Collects one section's figures and notes. */
export class SectionReport {
  readonly figures: Figure[] = [];
  readonly notes: string[] = [];
  readonly details: Record<string, unknown> = {};
  status: SectionStatus = 'ok';

  constructor(
    readonly name: string,
    readonly title: string,
  ) {}

  private add(
    id: string,
    label: string,
    unit: Unit,
    kind: Figure['kind'],
    values: readonly number[],
    o: FigureOptions,
  ): Figure {
    const s = summarize(values, o.digits ?? 3);
    const f: Figure = { id, label, unit, kind, median: s.median, min: s.min, max: s.max, n: s.n, values: s.values };
    if (o.engine) f.engine = o.engine;
    if (o.goal) {
      f.goal = o.goal;
      f.met = o.goal.op === '<=' ? s.median <= o.goal.value : s.median >= o.goal.value;
    }
    if (o.note) f.note = o.note;
    this.figures.push(f);
    return f;
  }

  measured(id: string, label: string, unit: Unit, values: readonly number[], o: FigureOptions = {}): Figure {
    return this.add(id, label, unit, 'measured', values, o);
  }

  ratio(id: string, label: string, values: readonly number[], o: FigureOptions = {}): Figure {
    return this.add(id, label, 'x', 'ratio', values, o);
  }

  anchor(id: string, label: string, unit: Unit, value: number, note: string): Figure {
    return this.add(id, label, unit, 'anchor', [value], { note });
  }

  predicted(id: string, label: string, unit: Unit, value: number, o: FigureOptions & { note: string }): Figure {
    const f = this.add(id, label, unit, 'predicted', [value], o);
    f.n = 0;
    return f;
  }

  note(text: string): void {
    this.notes.push(text);
  }

  /** Marks the section partial (something was left out) with the reason. */
  partial(reason: string): void {
    if (this.status === 'ok') this.status = 'partial';
    this.notes.push(reason);
  }

  skip(reason: string): void {
    this.status = 'skipped';
    this.notes.push(reason);
  }
}

// ------------------------------------------------------------------ table

function fmt(x: number | undefined, unit: Unit): string {
  if (x === undefined || !Number.isFinite(x)) return '–';
  if (unit === 'x') return x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2);
  if (unit === 'rows/s' || unit === 'k') return Math.round(x).toLocaleString('en-US');
  if (unit === 'ms') return x >= 10_000 ? `${(x / 1000).toFixed(1)} s` : `${Math.round(x)} ms`;
  if (unit === 's') return `${x.toFixed(x >= 100 ? 0 : 2)} s`;
  if (unit === 'MB') return `${Math.round(x)} MB`;
  return String(x);
}

function unitSuffix(unit: Unit): string {
  return unit === 'x' ? '×' : unit === 'rows/s' ? ' rows/s' : '';
}

export function formatValue(f: Pick<Figure, 'median' | 'unit'>): string {
  return `${fmt(f.median, f.unit)}${unitSuffix(f.unit)}`;
}

export function formatSpread(f: Figure): string {
  if (f.n <= 1) return '';
  return `${fmt(f.min, f.unit)} – ${fmt(f.max, f.unit)}`;
}

export function formatGoal(f: Figure): string {
  if (!f.goal) return '';
  const v = `${f.goal.op} ${fmt(f.goal.value, f.unit)}${unitSuffix(f.unit)}`;
  return `${v} ${f.met ? 'met' : 'MISSED'}`;
}

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

/** A plain-text table of every section's figures. */
export function renderTable(results: BenchResults): string {
  const rows: string[][] = [['figure', 'median', 'min – max', 'n', 'goal']];
  const out: string[] = [];
  for (const s of results.sections) {
    rows.push([`## ${s.title} [${s.status}]`, '', '', '', '']);
    for (const f of s.figures) {
      const label =
        `${f.label}${f.engine ? ` (${f.engine})` : ''}` +
        `${f.kind === 'anchor' ? ' [published]' : f.kind === 'predicted' ? ' [predicted]' : ''}`;
      rows.push([
        `  ${label}`,
        formatValue(f),
        formatSpread(f),
        f.kind === 'measured' || f.kind === 'ratio' ? String(f.n) : '',
        formatGoal(f),
      ]);
    }
    for (const n of s.notes) rows.push([`  note: ${n}`, '', '', '', '']);
  }
  const widths = rows[0]!.map((_, i) =>
    Math.min(
      i === 0 ? 96 : 24,
      Math.max(...rows.filter((r) => !r[0]!.startsWith('  note:') && !r[0]!.startsWith('##')).map((r) => r[i]!.length)),
    ),
  );
  for (const r of rows) {
    if (r[0]!.startsWith('##') || r[0]!.startsWith('  note:')) out.push(r[0]!);
    else
      out.push(
        r
          .map((c, i) => pad(c, widths[i]!))
          .join('  ')
          .trimEnd(),
      );
  }
  return out.join('\n');
}

/** A Markdown table (what the README's Performance section is made from). */
export function renderMarkdown(results: BenchResults): string {
  const out = ['| section | figure | median | min – max | n | goal |', '|---|---|---:|---:|---:|---|'];
  for (const s of results.sections) {
    if (s.status === 'pending') {
      out.push(`| ${s.title} | _${s.notes[0] ?? 'pending'}_ | | | | |`);
      continue;
    }
    for (const f of s.figures) {
      const label =
        `${f.label}${f.engine ? ` (${f.engine})` : ''}` +
        `${f.kind === 'anchor' ? ' _(published)_' : f.kind === 'predicted' ? ' _(predicted)_' : ''}`;
      const goal = f.goal
        ? `${f.goal.op} ${fmt(f.goal.value, f.unit)}${unitSuffix(f.unit)}: **${f.met ? 'met' : 'missed'}**`
        : '';
      out.push(
        `| ${s.title} | ${label} | ${formatValue(f)} | ${formatSpread(f)} | ` +
          `${f.kind === 'measured' || f.kind === 'ratio' ? f.n : ''} | ${goal} |`,
      );
    }
  }
  return out.join('\n');
}

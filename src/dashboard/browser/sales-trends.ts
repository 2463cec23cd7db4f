/** The sales trend panel: daily, weekly or monthly revenue over a selectable period. */
import { h } from '../../web/browser/dom.js';
import type { CellValue } from '../types.js';
import { mountChart, money, trendOption, withDefaults } from './charts.js';

export type Granularity = 'day' | 'week' | 'month';
export type Range = '30d' | '90d' | '12m' | 'all';

interface Point {
  label: string;
  revenue: number;
  orders: number;
}

const num = (v: CellValue | undefined) => (typeof v === 'number' ? v : Number(v ?? 0));

function dayOf(text: string): Date {
  return new Date(`${text}T00:00:00Z`);
}

/** The Monday starting the ISO week of a YYYY-MM-DD day. */
export function weekStart(day: string): string {
  const d = dayOf(day);
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return d.toISOString().slice(0, 10);
}

/** The first day inside a range ending on `last` (YYYY-MM-DD); undefined for all time. */
export function rangeStart(last: string, range: Range): string | undefined {
  if (range === 'all') return undefined;
  const d = dayOf(last);
  if (range === '12m') {
    d.setUTCMonth(d.getUTCMonth() - 12);
    d.setUTCDate(d.getUTCDate() + 1);
  } else d.setUTCDate(d.getUTCDate() - (range === '30d' ? 29 : 89));
  return d.toISOString().slice(0, 10);
}

/** Daily rows (day, revenue, orders) and monthly rows (year_month, revenue, orders) → the points to draw. */
export function trendPoints(
  daily: Record<string, CellValue>[],
  monthly: Record<string, CellValue>[] | undefined,
  g: Granularity,
  range: Range,
): Point[] {
  const last = String(daily.at(-1)?.day ?? '');
  const from = last ? rangeStart(last, range) : undefined;
  const inRange = daily.filter((r) => from === undefined || String(r.day) >= from);
  if (g === 'month' && monthly && from === undefined) {
    return monthly.map((r) => ({ label: String(r.year_month), revenue: num(r.revenue), orders: num(r.orders) }));
  }
  const key = (day: string) => (g === 'day' ? day : g === 'week' ? weekStart(day) : day.slice(0, 7));
  const out = new Map<string, Point>();
  for (const r of inRange) {
    const k = key(String(r.day));
    const p = out.get(k) ?? { label: k, revenue: 0, orders: 0 };
    p.revenue += num(r.revenue);
    p.orders += num(r.orders);
    out.set(k, p);
  }
  return [...out.values()].map((p) => ({ ...p, revenue: Math.round(p.revenue * 100) / 100 }));
}

function buttons<T extends string>(
  name: string,
  options: [T, string][],
  current: T,
  onPick: (v: T) => void,
): HTMLElement {
  const group = h('div', { class: 'seg', role: 'group', 'data-control': name });
  for (const [value, label] of options) {
    const b = h('button', { type: 'button', 'data-value': value, class: value === current ? 'active' : '' }, label);
    b.onclick = () => {
      for (const other of group.querySelectorAll('button')) other.classList.toggle('active', other === b);
      onPick(value);
    };
    group.append(b);
  }
  return group;
}

export function salesTrendPanel(
  daily: Record<string, CellValue>[],
  monthly: Record<string, CellValue>[] | undefined,
): HTMLElement {
  let granularity: Granularity = 'month';
  let range: Range = 'all';
  const chartEl = h('div', { class: 'chart tall', id: 'chart-sales', 'data-chart': 'sales' });
  const total = h('div', { class: 'muted', id: 'sales-period-total' });
  const panel = h(
    'div',
    {},
    h(
      'div',
      { class: 'controls' },
      buttons<Granularity>(
        'granularity',
        [
          ['day', 'Daily'],
          ['week', 'Weekly'],
          ['month', 'Monthly'],
        ],
        granularity,
        (v) => ((granularity = v), draw()),
      ),
      buttons<Range>(
        'range',
        [
          ['30d', 'Last 30 days'],
          ['90d', 'Last 90 days'],
          ['12m', 'Last 12 months'],
          ['all', 'All time'],
        ],
        range,
        (v) => ((range = v), draw()),
      ),
      total,
    ),
    chartEl,
  );
  let chart: ReturnType<typeof mountChart> | undefined;
  function draw(): void {
    const points = trendPoints(daily, monthly, granularity, range);
    const option = trendOption(
      points.map((p) => p.label),
      points.map((p) => p.revenue),
      points.map((p) => p.orders),
    );
    if (chart) chart.setOption(withDefaults(option), { notMerge: true });
    else chart = mountChart(chartEl, option);
    chartEl.dataset.points = String(points.length);
    const rev = points.reduce((a, p) => a + p.revenue, 0);
    const ord = points.reduce((a, p) => a + p.orders, 0);
    total.textContent = `${points.length} ${granularity}s · ${money(rev)} revenue · ${ord.toLocaleString('en-US')} orders`;
  }
  // Drawn once the panel is in the document (ECharts needs the element's size).
  queueMicrotask(draw);
  return panel;
}

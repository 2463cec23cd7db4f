/** ECharts, tree-shaken to what the dashboard draws, rendered as SVG (crisp, and testable as marks). */
import { BarChart, LineChart } from 'echarts/charts';
import { DataZoomComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { init, use, type EChartsCoreOption, type EChartsType } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';

use([BarChart, LineChart, GridComponent, TooltipComponent, LegendComponent, DataZoomComponent, SVGRenderer]);

export const COLORS = ['#2563eb', '#f59e0b', '#16a34a', '#db2777', '#7c3aed', '#0891b2', '#ea580c', '#64748b'];

const charts: EChartsType[] = [];
window.addEventListener('resize', () => {
  for (const c of charts) c.resize();
});

/** The dashboard's look around a chart's option (no animation: the page is a report, and a screenshot shows the final picture). */
export function withDefaults(option: EChartsCoreOption): EChartsCoreOption {
  return { color: COLORS, animation: false, textStyle: { fontFamily: 'system-ui, sans-serif' }, ...option };
}

export function mountChart(el: HTMLElement, option: EChartsCoreOption): EChartsType {
  const chart = init(el, null, { renderer: 'svg' });
  chart.setOption(withDefaults(option));
  charts.push(chart);
  return chart;
}

export const money = (n: number, digits = 0) =>
  n.toLocaleString('en-US', {
    style: 'currency',
    currency: 'USD',
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });

export const compactMoney = (n: number) =>
  `$${Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 }).format(n)}`;

const axisMoney = {
  type: 'value' as const,
  axisLabel: { formatter: (v: number) => compactMoney(v) },
  splitLine: { lineStyle: { color: '#eef2f7' } },
};

/** Revenue as bars, orders as a line on a second axis, with a zoom slider under the time axis. */
export function trendOption(labels: string[], revenue: number[], orders: number[]): EChartsCoreOption {
  return {
    grid: { left: 60, right: 50, top: 36, bottom: 70 },
    tooltip: {
      trigger: 'axis',
      valueFormatter: (v: unknown) =>
        typeof v === 'number' ? v.toLocaleString('en-US', { maximumFractionDigits: 2 }) : String(v),
    },
    legend: { top: 0, data: ['Revenue', 'Orders'] },
    xAxis: { type: 'category', data: labels, axisTick: { alignWithLabel: true } },
    yAxis: [axisMoney, { type: 'value', name: 'orders', splitLine: { show: false } }],
    dataZoom: [{ type: 'inside' }, { type: 'slider', height: 22, bottom: 12 }],
    series: [
      {
        name: 'Revenue',
        type: 'bar',
        data: revenue,
        itemStyle: { color: COLORS[0], borderRadius: [3, 3, 0, 0] },
        barMaxWidth: 28,
      },
      {
        name: 'Orders',
        type: 'line',
        yAxisIndex: 1,
        data: orders,
        smooth: true,
        symbol: labels.length > 40 ? 'none' : 'circle',
        lineStyle: { width: 2 },
        itemStyle: { color: COLORS[1] },
      },
    ],
  };
}

/** Horizontal bars, largest on top; each bar coloured by its margin %. */
export function rankedBarsOption(names: string[], revenue: number[], marginPct: (number | null)[]): EChartsCoreOption {
  const shade = (m: number | null) =>
    m === null ? '#94a3b8' : m >= 35 ? '#15803d' : m >= 25 ? '#65a30d' : m >= 15 ? '#ca8a04' : '#dc2626';
  return {
    grid: { left: 8, right: 70, top: 8, bottom: 8, containLabel: true },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (ps: { dataIndex: number }[]) => {
        const i = ps[0]!.dataIndex;
        return `${names[i]}<br>${money(revenue[i]!)} · margin ${marginPct[i] ?? '—'}%`;
      },
    },
    xAxis: { ...axisMoney },
    yAxis: { type: 'category', data: names, inverse: true, axisLabel: { width: 170, overflow: 'truncate' } },
    series: [
      {
        type: 'bar',
        data: revenue.map((v, i) => ({
          value: v,
          itemStyle: { color: shade(marginPct[i] ?? null), borderRadius: [0, 3, 3, 0] },
        })),
        label: {
          show: true,
          position: 'right',
          formatter: (p: { dataIndex: number }) => `${marginPct[p.dataIndex] ?? '—'}%`,
          color: '#475569',
          fontSize: 11,
        },
      },
    ],
  };
}

/** Revenue per category as bars, margin % as a line. */
export function categoryOption(categories: string[], revenue: number[], marginPct: number[]): EChartsCoreOption {
  return {
    grid: { left: 60, right: 50, top: 36, bottom: 60 },
    tooltip: { trigger: 'axis' },
    legend: { top: 0, data: ['Revenue', 'Margin %'] },
    xAxis: { type: 'category', data: categories, axisLabel: { rotate: 30, interval: 0 } },
    yAxis: [axisMoney, { type: 'value', name: 'margin %', min: 0, splitLine: { show: false } }],
    series: [
      { name: 'Revenue', type: 'bar', data: revenue, itemStyle: { color: COLORS[5], borderRadius: [3, 3, 0, 0] } },
      { name: 'Margin %', type: 'line', yAxisIndex: 1, data: marginPct, itemStyle: { color: COLORS[3] } },
    ],
  };
}

/** Customers per lifetime-revenue band, with the band's revenue on a second axis. */
export function distributionOption(bands: string[], customers: number[], revenue: number[]): EChartsCoreOption {
  return {
    grid: { left: 50, right: 60, top: 36, bottom: 30 },
    tooltip: { trigger: 'axis' },
    legend: { top: 0, data: ['Customers', 'Revenue'] },
    xAxis: { type: 'category', data: bands, axisLabel: { interval: 0 } },
    yAxis: [
      { type: 'value', name: 'customers' },
      { ...axisMoney, splitLine: { show: false } },
    ],
    series: [
      { name: 'Customers', type: 'bar', data: customers, itemStyle: { color: COLORS[4], borderRadius: [3, 3, 0, 0] } },
      { name: 'Revenue', type: 'line', yAxisIndex: 1, data: revenue, itemStyle: { color: COLORS[1] } },
    ],
  };
}

/** New and returning customers per month, stacked. */
export function stackedOption(labels: string[], series: { name: string; data: number[] }[]): EChartsCoreOption {
  return {
    grid: { left: 50, right: 20, top: 36, bottom: 30 },
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    xAxis: { type: 'category', data: labels },
    yAxis: { type: 'value', name: 'customers' },
    series: series.map((s, i) => ({
      name: s.name,
      type: 'bar',
      stack: 'customers',
      data: s.data,
      itemStyle: { color: COLORS[i === 0 ? 2 : 0] },
    })),
  };
}

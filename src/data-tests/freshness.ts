import { TsmodelError, type SourceLocation } from '../errors/index.js';
import type { ProjectNode } from '../parse/index.js';

/** dbt's freshness periods. */
export const FRESHNESS_PERIODS = { minute: 60, hour: 3600, day: 86400 } as const;
export type FreshnessPeriod = keyof typeof FRESHNESS_PERIODS;

/** One threshold; both null when unset (dbt writes `{count: null, period: null}` then). */
export interface FreshnessTime {
  count: number | null;
  period: FreshnessPeriod | null;
}

/** A source table's freshness criteria, as sources.json's `criteria` holds them. */
export interface FreshnessCriteria {
  warn_after: FreshnessTime;
  error_after: FreshnessTime;
  filter: string | null;
}

/** How the load time is found: the max of a column or expression, or a query returning one timestamp. */
export type LoadedAt = { field: string } | { query: string };

/** What `source freshness` does with one selected source table. */
export type FreshnessPlan =
  { kind: 'check'; criteria: FreshnessCriteria; loadedAt: LoadedAt } | { kind: 'skip'; reason: string };

export type FreshnessStatus = 'pass' | 'warn' | 'error';

const UNSET: FreshnessTime = { count: null, period: null };

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Where a source table's config key was written (its YAML line), else the table's entry. */
export function configLocation(node: ProjectNode, key: string): SourceLocation {
  return node.configLocations?.[key] ?? node.location ?? { file: node.originalFilePath };
}

function timeOf(node: ProjectNode, raw: unknown, which: string): FreshnessTime {
  if (raw === undefined || raw === null) return UNSET;
  const where = configLocation(node, 'freshness');
  const what = `freshness.${which} of source ${node.sourceName}.${node.name}`;
  if (!isObj(raw))
    throw new TsmodelError('config', `${what} must be a mapping, not ${JSON.stringify(raw)}`, {
      location: where,
      hint: `Write ${which}: {count: 12, period: hour}.`,
    });
  const count = Number(raw.count);
  if (!Number.isInteger(count) || count <= 0)
    throw new TsmodelError(
      'config',
      `${what}: count must be a positive whole number, not ${JSON.stringify(raw.count)}`,
      {
        location: where,
        hint: `Write ${which}: {count: 12, period: hour}.`,
      },
    );
  const period = String(raw.period);
  if (!Object.hasOwn(FRESHNESS_PERIODS, period))
    throw new TsmodelError('config', `${what}: period must be minute, hour or day, not ${JSON.stringify(raw.period)}`, {
      location: where,
      hint: `Write ${which}: {count: ${count}, period: hour}.`,
    });
  return { count, period: period as FreshnessPeriod };
}

const text = (v: unknown): string | undefined =>
  v === undefined || v === null || String(v).trim() === '' ? undefined : String(v);

/** A source table's criteria from its merged config; undefined when it has none. Bad thresholds throw, located. */
export function freshnessCriteria(node: ProjectNode): FreshnessCriteria | undefined {
  const raw = node.config.freshness;
  if (raw === undefined || raw === null) return undefined;
  if (!isObj(raw))
    throw new TsmodelError('config', `freshness of source ${node.sourceName}.${node.name} must be a mapping`, {
      location: configLocation(node, 'freshness'),
      hint: 'Write freshness: {warn_after: {count: 12, period: hour}, error_after: {count: 24, period: hour}}.',
    });
  return {
    warn_after: timeOf(node, raw.warn_after, 'warn_after'),
    error_after: timeOf(node, raw.error_after, 'error_after'),
    filter: text(raw.filter) ?? null,
  };
}

/**
 * What to do with a source table: its merged config (project `sources:`, then the source, then the table;
 * `freshness: null` or `loaded_at_field: null` at a lower level turns it off). Bad criteria throw, located.
 */
export function freshnessPlan(node: ProjectNode): FreshnessPlan {
  const criteria = freshnessCriteria(node);
  if (!criteria) return { kind: 'skip', reason: 'no freshness configured' };
  if (criteria.warn_after.count === null && criteria.error_after.count === null)
    return { kind: 'skip', reason: 'freshness has neither warn_after nor error_after' };
  const field = text(node.config.loaded_at_field);
  const query = text(node.config.loaded_at_query);
  if (field) return { kind: 'check', criteria, loadedAt: { field } };
  if (query) return { kind: 'check', criteria, loadedAt: { query } };
  return { kind: 'skip', reason: 'freshness is set but no loaded_at_field (PostgreSQL has no load-time metadata)' };
}

const seconds = (t: FreshnessTime) =>
  t.count === null || t.period === null ? null : t.count * FRESHNESS_PERIODS[t.period];

/** dbt's rule: error when older than error_after, else warn when older than warn_after (strictly), else pass. */
export function freshnessStatus(ageSeconds: number, criteria: FreshnessCriteria): FreshnessStatus {
  const error = seconds(criteria.error_after);
  if (error !== null && ageSeconds > error) return 'error';
  const warn = seconds(criteria.warn_after);
  if (warn !== null && ageSeconds > warn) return 'warn';
  return 'pass';
}

const plural = (t: FreshnessTime) => `${t.count} ${t.period}${t.count === 1 ? '' : 's'}`;

/** "warn after 1 hour, error after 3 hours" */
export function describeCriteria(criteria: FreshnessCriteria): string {
  const parts: string[] = [];
  if (criteria.warn_after.count !== null) parts.push(`warn after ${plural(criteria.warn_after)}`);
  if (criteria.error_after.count !== null) parts.push(`error after ${plural(criteria.error_after)}`);
  return parts.join(', ');
}

/** "2 h 5 min", "40 s", "3 d 4 h": an age for people. */
export function describeAge(ageSeconds: number): string {
  const s = Math.max(0, Math.round(ageSeconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min${s % 60 ? ` ${s % 60} s` : ''}`;
  if (s < 86400) return `${Math.floor(s / 3600)} h${s % 3600 >= 60 ? ` ${Math.floor((s % 3600) / 60)} min` : ''}`;
  return `${Math.floor(s / 86400)} d${s % 86400 >= 3600 ? ` ${Math.floor((s % 86400) / 3600)} h` : ''}`;
}

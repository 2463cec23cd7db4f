import { DatabaseError, type Adapter } from '../adapters/index.js';
import { TsmodelError } from '../errors/index.js';
import type { ProjectNode } from '../parse/index.js';
import { quoteRelation } from '../sql/quote.js';
import { configLocation, type LoadedAt } from './freshness.js';

/** What one freshness query found: the latest load and the database's now, in dbt's ISO form, and the age. */
export interface FreshnessReading {
  maxLoadedAt: string;
  snapshottedAt: string;
  ageSeconds: number;
}

/**
 * One query per source table: the latest load time (max of loaded_at_field, filtered; or what
 * loaded_at_query returns) and the database's now(). Its type and value come back as JSON text, so any
 * type reads without failing and timestamps keep their microseconds whatever the session's DateStyle.
 */
export function freshnessSql(node: ProjectNode, loadedAt: LoadedAt, filter: string | null): string {
  const rel = quoteRelation(node.relation!);
  const latest =
    'field' in loadedAt
      ? `select max(${loadedAt.field}) as m from ${rel}${filter ? ` where ${filter}` : ''}`
      : `with source_query as (\n${loadedAt.query}\n) select (select * from source_query) as m`;
  return `select pg_typeof(m)::text as type, to_json(m)::text as value, to_json(now())::text as now from (${latest}) s`;
}

const ISO =
  /^"?(\d{4,})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:\.(\d{1,6}))?(?:([+-])(\d\d)(?::?(\d\d))?(?::(\d\d))?|Z)?"?$/;

/** Microseconds since the epoch of a JSON timestamp; one without an offset is UTC, as dbt reads it. */
export function isoMicros(text: string): number | undefined {
  const m = ISO.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac, sign, oh, om, os] = m;
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  const offset = sign ? (sign === '-' ? -1 : 1) * (Number(oh) * 3600 + Number(om ?? 0) * 60 + Number(os ?? 0)) : 0;
  return (ms / 1000 - offset) * 1e6 + Number((frac ?? '').padEnd(6, '0'));
}

/** dbt's form: "2026-12-06T15:03:59.123456+00:00" (no fraction when it is zero, as Python's isoformat). */
export function isoUtc(micros: number): string {
  const whole = Math.floor(micros / 1e6);
  const frac = micros - whole * 1e6;
  const base = new Date(whole * 1000).toISOString().slice(0, 19);
  return `${base}${frac ? `.${String(Math.round(frac)).padStart(6, '0')}` : ''}+00:00`;
}

const TIMESTAMP_TYPES = new Set(['timestamp with time zone', 'timestamp without time zone']);

function what(node: ProjectNode, loadedAt: LoadedAt): string {
  return 'field' in loadedAt
    ? `max(${loadedAt.field}) of ${node.sourceName}.${node.name}`
    : `loaded_at_query of ${node.sourceName}.${node.name}`;
}

/** Reads the query's row; a null, a non-timestamp or an unreadable value is an error located at the YAML. */
export function readFreshnessRow(
  node: ProjectNode,
  loadedAt: LoadedAt,
  row: Record<string, unknown>,
): FreshnessReading {
  const key = 'field' in loadedAt ? 'loaded_at_field' : 'loaded_at_query';
  const location = configLocation(node, key);
  const type = String(row.type);
  const value = row.value === null || row.value === undefined ? 'null' : String(row.value);
  if (value === 'null')
    throw new TsmodelError('database', `${what(node, loadedAt)} is null: the table has no rows to date it by`, {
      location,
      hint:
        'field' in loadedAt
          ? 'Load the table (or loosen the freshness filter), or turn the check off with freshness: null.'
          : 'Make loaded_at_query return the latest load time.',
    });
  if (!TIMESTAMP_TYPES.has(type))
    throw new TsmodelError(
      'database',
      `${what(node, loadedAt)} is ${/^[aeiou]/.test(type) ? 'an' : 'a'} ${type}, not a timestamp`,
      {
        location,
        hint:
          type === 'date'
            ? `Cast it: ${key}: "${'field' in loadedAt ? loadedAt.field : 'max(day)'}::timestamp".`
            : `Point ${key} at a timestamp or timestamptz column (or an expression casting to one).`,
      },
    );
  const max = isoMicros(value);
  const now = isoMicros(String(row.now));
  if (max === undefined || now === undefined)
    throw new TsmodelError('database', `${what(node, loadedAt)} is ${value}, which is not a point in time`, {
      location,
      hint: `Filter out infinite timestamps (freshness: {filter: "${'field' in loadedAt ? loadedAt.field : 'x'} < 'infinity'"}).`,
    });
  return { maxLoadedAt: isoUtc(max), snapshottedAt: isoUtc(now), ageSeconds: (now - max) / 1e6 };
}

/** Runs the freshness query of one source table; a database error names the source and its YAML line. */
export async function readFreshness(
  adapter: Adapter,
  node: ProjectNode,
  loadedAt: LoadedAt,
  filter: string | null,
): Promise<FreshnessReading> {
  const sql = freshnessSql(node, loadedAt, filter);
  let rows: Record<string, unknown>[];
  try {
    rows = (await adapter.query(sql)).rows as Record<string, unknown>[];
  } catch (err) {
    if (!(err instanceof DatabaseError)) throw err;
    const missingTable = err.sqlstate === '42P01' || err.sqlstate === '3F000';
    const key = 'field' in loadedAt ? 'loaded_at_field' : 'loaded_at_query';
    const relation = `${node.relation!.schema}.${node.relation!.identifier}`;
    throw new TsmodelError('database', `freshness of ${node.sourceName}.${node.name} (${relation}): ${err.message}`, {
      location: missingTable ? node.location : configLocation(node, key),
      hint: missingTable
        ? `Load ${relation}, or correct the source's schema/identifier.`
        : err.sqlstate === '42703'
          ? `Name a column ${relation} has in ${key} (or the filter).`
          : err.hint,
      cause: err,
    });
  }
  return readFreshnessRow(node, loadedAt, rows[0] ?? {});
}

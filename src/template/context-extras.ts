import { bindArgs } from './jinja/args.js';
import { PyObject } from './jinja/modules/protocol.js';
import { pythonNative } from './jinja/values.js';

/**
 * Context objects dbt packages read: `flags`, `graph`, `modules.pytz`. Built from plain data the caller
 * passes (the engine's nodes are turned into dbt's node dicts outside template/, which does not know them).
 */

/** dbt's `flags` as packages read them (dbt_utils reads WHICH and EMPTY; tests read STORE_FAILURES). */
export function flagsObject(opts: { fullRefresh: boolean; which?: string; storeFailures?: boolean }) {
  return {
    FULL_REFRESH: opts.fullRefresh,
    WHICH: opts.which ?? 'run',
    STORE_FAILURES: opts.storeFailures ?? false,
    EMPTY: false,
    FAIL_FAST: false,
    WARN_ERROR: false,
    DEBUG: false,
    USE_COLORS: false,
    LOG_FORMAT: 'text',
    INTROSPECT: true,
    PARTIAL_PARSE: false,
    SEND_ANONYMOUS_USAGE_STATS: false,
    STATIC_PARSER: true,
    WRITE_JSON: true,
  };
}

/** dbt's `graph` while parsing: its dicts exist and are empty, as in dbt (the manifest is not built yet). */
export function emptyGraph(): Record<string, Record<string, unknown>> {
  return { nodes: {}, sources: {}, exposures: {}, metrics: {}, groups: {}, semantic_models: {}, saved_queries: {} };
}

function knownZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/**
 * A pytz time zone. tsmodel's datetimes are naive (modules.datetime has no tzinfo yet): the zone is
 * checked and named, and attaching it to a datetime is a clear error rather than a silently naive result.
 */
export class PyTimeZone extends PyObject {
  constructor(readonly zone: string) {
    super();
  }
  localize(): never {
    throw new Error(
      `pytz: time-zone-aware datetimes are not supported by tsmodel yet (timezone('${this.zone}').localize); ` +
        'convert time zones in SQL (at time zone) instead',
    );
  }
  utcoffset(): never {
    return this.localize();
  }
  override toString(): string {
    return this.zone;
  }
  override __repr__(): string {
    return `<DstTzInfo '${this.zone}'>`;
  }
}

class UnknownTimeZoneError extends Error {
  override name = 'UnknownTimeZoneError';
}

export const PYTZ_MODULE = {
  utc: new PyTimeZone('UTC'),
  UTC: new PyTimeZone('UTC'),
  timezone: pythonNative((...args: unknown[]) => {
    const [zone] = bindArgs('timezone', ['zone'], args);
    const name = String(zone);
    if (name.toUpperCase() === 'UTC') return new PyTimeZone('UTC');
    if (!knownZone(name)) throw new UnknownTimeZoneError(`UnknownTimeZoneError: '${name}'`);
    return new PyTimeZone(name);
  }),
};

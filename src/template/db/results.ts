import { bindArgs, makeKeywords, splitArgs } from '../jinja/args.js';
import { AgateTable } from './agate.js';
import type { DbSession } from './session.js';

/**
 * dbt's statement blocks and their results: `{% call statement('name', fetch_result=True) %}sql{% endcall %}`
 * runs the body (only when `execute`), store_result keeps what it returned under the name, and
 * load_result('name') gives `{response, data, table}` back (None for a name never stored). run_query(sql) is
 * a statement whose table it returns (None while parsing).
 */
export function resultFunctions(session: DbSession): Record<string, unknown> {
  const stored = new Map<string, Record<string, unknown>>();
  const store = (name: unknown, response: unknown, table: unknown) => {
    const t = table instanceof AgateTable ? table : AgateTable.empty();
    stored.set(String(name), { response, data: t.matrix(), table: t });
    return '';
  };
  return {
    statement: (...args: unknown[]) => {
      const { positional, kwargs } = splitArgs(args);
      const { caller, ...rest } = kwargs;
      const params = ['name', 'fetch_result', 'auto_begin', 'language'];
      const [name = null, fetch = false] = bindArgs('statement', params, [...positional, makeKeywords(rest)]);
      if (!session.live) return '';
      const sql = typeof caller === 'function' ? String((caller as () => unknown)()) : '';
      const [response, table] = session.execute(sql, fetch === true);
      if (name !== null && name !== undefined) store(name, response, table);
      return '';
    },
    store_result: (...args: unknown[]) => {
      const [name, response, table] = bindArgs('store_result', ['name', 'response', 'agate_table'], args);
      return store(name, response, table);
    },
    store_raw_result: (...args: unknown[]) => {
      const params = ['name', 'message', 'code', 'rows_affected', 'agate_table'];
      const [name, message, code, rows, table] = bindArgs('store_raw_result', params, args);
      return store(name, { _message: message ?? 'OK', code: code ?? null, rows_affected: rows ?? null }, table);
    },
    load_result: (name: unknown) => stored.get(String(name)) ?? null,
    run_query: (sql: unknown) => {
      if (!session.live) return null;
      const [response, table] = session.execute(String(sql), true);
      store('run_query_statement', response, table);
      return table;
    },
  };
}

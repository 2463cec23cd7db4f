import { TsmodelError } from '../../errors/index.js';
import { AgateTable } from './agate.js';
import type { DbRows, TemplateDatabase } from './types.js';

/** What one render's database objects share: the database (if any), the execute flag, errors and logging. */
export interface DbInputs {
  /** Absent while parsing, and where a command has no database. */
  db?: TemplateDatabase;
  /** dbt's `execute`: false while parsing (nothing is queried), true when compiling for a command. */
  execute: boolean;
  /** The target's database name (relations' `database`). */
  database?: string;
  /** Who is rendering (in the debug log's query lines). */
  nodeId: string;
  raise(err: TsmodelError): never;
  log?(message: string, info: boolean): void;
}

/** dbt's AdapterResponse: prints as the status message ("SELECT 3"). */
export class AdapterResponse {
  constructor(
    readonly _message: string,
    readonly code: string,
    readonly rows_affected: number | null,
  ) {}
  toString(): string {
    return this._message;
  }
}

/** Runs SQL for a template: logged at debug level, its failure raised at the template's line. */
export class DbSession {
  constructor(readonly inputs: DbInputs) {}

  /** Whether statements run (dbt's `execute`); without a database they then fail with a clear error. */
  get live(): boolean {
    return this.inputs.execute;
  }

  run(sql: string): DbRows {
    const { db, nodeId } = this.inputs;
    if (!db) {
      return this.inputs.raise(
        new TsmodelError('template', 'This template queries the database, but this command has no connection to it', {
          hint: 'run_query, statement and adapter introspection need a database: use build, run, show or test.',
        }),
      );
    }
    this.inputs.log?.(`${nodeId}: template query: ${sql.trim()}`, false);
    try {
      return db.query(sql);
    } catch (err) {
      const e = err instanceof TsmodelError ? err : undefined;
      const first = sql.trim().split('\n')[0]!.slice(0, 120);
      return this.inputs.raise(
        new TsmodelError(
          'database',
          `A query run by the template failed: ${e?.message ?? String(err)} (in: ${first})`,
          {
            hint: e?.hint ?? 'Check the SQL the template builds: the debug log shows every query a template runs.',
            cause: err,
          },
        ),
      );
    }
  }

  /** adapter.execute: the response and, when fetching, the rows as an agate table. */
  execute(sql: string, fetch: boolean): [AdapterResponse, AgateTable] {
    const res = this.run(sql);
    const message = res.command ? `${res.command}${res.rowCount === null ? '' : ` ${res.rowCount}`}` : 'OK';
    const response = new AdapterResponse(message, res.command, res.rowCount);
    return [response, fetch ? this.table(res) : AgateTable.empty()];
  }

  table(res: DbRows): AgateTable {
    return new AgateTable(res, (text) => this.inputs.log?.(text, true));
  }
}

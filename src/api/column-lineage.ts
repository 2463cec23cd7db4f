import { resolve } from 'node:path';
import { Compiler } from '../compile/index.js';
import { TsmodelError } from '../errors/index.js';
import { topologicalOrder, type Graph } from '../graph/index.js';
import {
  downstreamIndex,
  LineageMemo,
  loadSqlParser,
  projectLineage,
  sqlParserReady,
  walkColumns,
  type LineageNodeInput,
  type ProjectLineage,
} from '../lineage/index.js';
import { foldUnquoted, quotesColumns, snapshotMetaColumnNames } from '../materialize/index.js';
import type { ParsedProject, ProjectNode } from '../parse/index.js';
import { sampleCsv } from '../project/index.js';
import type { ColumnLineageView } from '../select/index.js';

/** What column lineage needs of a loaded project (a narrow view, so that api/load.ts can use this file). */
export interface LineageProject {
  graph: Graph;
  parsed: Pick<ParsedProject, 'parseEnv'>;
  config: { projectRoot: string };
}

export const LINEAGE_PATH = 'lineage.json';

/** This process's analyses, by SQL (lineage/memo.ts): a pass analyses only queries whose SQL or inputs changed. */
export const lineageMemo = new LineageMemo();
const KINDS = new Set(['model', 'snapshot', 'analysis', 'seed', 'source']);

/** Loads PostgreSQL's parser (WebAssembly, once per process): column lineage and the column: selector need it. */
export async function loadColumnLineage(): Promise<void> {
  await loadSqlParser();
}

function seedHeader(project: LineageProject, node: ProjectNode): string[] | undefined {
  try {
    const delimiter = typeof node.config.delimiter === 'string' ? node.config.delimiter : ',';
    const header = sampleCsv(
      resolve(project.config.projectRoot, node.originalFilePath),
      { delimiter, quote: '"' },
      0,
      65536,
    ).header;
    // Seeds' columns are created quoted (as in the file) unless quote_columns is false.
    return quotesColumns(node.config) ? header : header.map((h) => foldUnquoted(h) ?? h);
  } catch {
    return undefined;
  }
}

function declaredColumns(project: LineageProject, node: ProjectNode): LineageNodeInput['declared'] {
  const yaml = Object.keys(node.columns);
  const contract = node.config.contract as { enforced?: unknown } | undefined;
  if (contract?.enforced === true && yaml.length > 0) return { columns: yaml, from: 'contract' };
  if (node.resourceType === 'seed') {
    const header = seedHeader(project, node);
    if (header && header.length > 0) return { columns: header, from: 'seed' };
  }
  return yaml.length > 0 ? { columns: yaml, from: 'yaml' } : undefined;
}

/**
 * The column lineage of every model, snapshot and analysis, from SQL compiled as `tsmodel compile` would
 * (`compiled` when the caller has it already). Needs loadColumnLineage() first. `memo`: the analyses kept (this
 * process's by default; false: every query analysed, the memo neither read nor changed).
 */
export function columnLineageOf(
  project: LineageProject,
  compiled?: ReadonlyMap<string, { sql?: string }>,
  memo: LineageMemo | false = lineageMemo,
): ProjectLineage {
  if (!sqlParserReady())
    throw new TsmodelError('usage', 'Column lineage was asked for before PostgreSQL’s parser was loaded', {
      hint: 'Await loadColumnLineage() (tsmodel’s API) once before ls, run or compile with column lineage.',
    });
  let compiler: Compiler | undefined;
  const compilerOf = () =>
    (compiler ??= new Compiler({
      graph: project.graph,
      parseEnv: project.parsed.parseEnv,
      fullRefresh: false,
      relationExists: () => false,
    }));
  const inputs: LineageNodeInput[] = [];
  for (const id of topologicalOrder(project.graph)) {
    const node = project.graph.nodes.get(id)!;
    if (!KINDS.has(node.resourceType)) continue;
    let sql: string | undefined;
    let sqlError: string | undefined;
    if (node.resourceType !== 'seed' && node.resourceType !== 'source' && node.rawCode) {
      try {
        // What the caller compiled already is reused; the rest (parents outside a selection) is compiled here.
        sql = compiled?.get(id)?.sql ?? compilerOf().compile(id).compiledSql;
      } catch (err) {
        sqlError = `it did not compile (${err instanceof Error ? err.message.split('\n')[0] : String(err)})`;
      }
    }
    const relation = node.config.materialized === 'ephemeral' ? undefined : node.relation;
    const snapshot = node.resourceType === 'snapshot' || node.config.materialized === 'snapshot';
    const extraColumns = snapshot ? snapshotMetaColumnNames(node) : undefined;
    inputs.push({ id, relation, sql, sqlError, declared: declaredColumns(project, node), extraColumns });
  }
  const lineage = projectLineage(inputs, memo || undefined);
  if (memo) lastPass = memo.endPass();
  return lineage;
}

let lastPass: ReturnType<LineageMemo['endPass']> | undefined;

/** What the last pass with a memo reused and analysed (for debug lines and the cache's writer). */
export const lastLineagePass = () => lastPass;

/** What the column: selector reads, over a project's lineage computed on first use. */
export function columnLineageView(lineage: () => ProjectLineage): () => ColumnLineageView {
  let view: ColumnLineageView | undefined;
  return () => {
    if (view) return view;
    const computed = lineage();
    const index = downstreamIndex(computed);
    view = {
      columnsOf: (node) => computed.nodes[node]?.columns.map((c) => c.name) ?? [],
      reachable: (starts, direction, depth) => walkColumns(computed, index, starts, direction, { depth }),
    };
    return view;
  };
}

/** A contract or a data test on a column the model's SQL does not produce: one warning each. */
export function lineageWarnings(
  project: LineageProject,
  lineage: ProjectLineage,
  only?: ReadonlySet<string>,
): string[] {
  const out: string[] = [];
  for (const [id, entry] of Object.entries(lineage.nodes)) {
    if (only && !only.has(id)) continue;
    const node = project.graph.nodes.get(id)!;
    if (entry.columnsFrom !== 'sql' || node.resourceType === 'analysis') continue;
    const produced = new Set(entry.columns.map((c) => c.name.toLowerCase()));
    const contract = (node.config.contract as { enforced?: unknown } | undefined)?.enforced === true;
    for (const [name, col] of Object.entries(node.columns)) {
      if (produced.has(name.toLowerCase()) || produced.has(name)) continue;
      const what = contract ? 'its contract' : col.tests.length > 0 ? 'a data test' : undefined;
      if (!what) continue;
      const file = node.patchPath?.split('://').pop() ?? node.originalFilePath;
      out.push(
        `${file}: ${node.name}.${name} has ${what}, but ${node.originalFilePath} produces no column "${name}" ` +
          `(it produces ${[...produced].join(', ')}). Fix the column's name in the YAML or add it to the query.`,
      );
    }
  }
  return out;
}

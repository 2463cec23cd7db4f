export type * from './types.js';
export { KIND_ORDER } from './types.js';
export { loadSqlParser, sqlParserReady } from './parser.js';
export { analyzeSql } from './analyze.js';
export { LineageMemo, type MemoEntry } from './memo.js';
export {
  projectLineage,
  type ColumnsFrom,
  type LineageNodeInput,
  type NodeLineageEntry,
  type ProjectLineage,
} from './project.js';
export {
  columnKey,
  columnNeighbours,
  downstreamIndex,
  walkColumns,
  type ColumnEdge,
  type DownstreamIndex,
  type NodeColumn,
} from './walk.js';

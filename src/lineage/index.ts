export type * from './types.js';
export { KIND_ORDER } from './types.js';
export { loadSqlParser, sqlParserReady } from './parser.js';
export { analyzeSql } from './analyze.js';

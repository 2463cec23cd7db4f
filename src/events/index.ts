export type { EventSink, NodeRef, NodeStatus, QualitySummary, TsmodelEvent, WatchSummary } from './types.js';
export { qualityTable } from './quality-table.js';
export { EventBus, MemorySink } from './types.js';
export { ConsoleReporter, type ConsoleOptions } from './console.js';
export { JsonLinesReporter, eventToJson } from './json-lines.js';

export type { EventSink, NodeRef, NodeStatus, TsmodelEvent } from './types.js';
export { EventBus, MemorySink } from './types.js';
export { ConsoleReporter, type ConsoleOptions } from './console.js';
export { JsonLinesReporter, eventToJson } from './json-lines.js';

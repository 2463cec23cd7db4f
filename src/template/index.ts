export { Renderer, type MacroFile, type MacroInfo, type RendererOptions, type TemplateContext } from './renderer.js';
export { RelationValue, quoteIdent } from './relation.js';
export {
  parseContext,
  runtimeContext,
  emptyParseRecord,
  type ContextInputs,
  type RuntimeInputs,
  type ParseRecord,
  type TargetInfo,
  type NodeInfo,
} from './context.js';
export { extendContext } from './context-lazy.js';
export { BUILTIN_MACROS } from './builtin-macros.js';
export { splitArgs } from './jinja/args.js';
export { createJinjaEnvironment } from './jinja/environment.js';
export { dispatchPrefixes } from './dispatch.js';
export { AgateTable, TemplateColumn, collectWrites, type TemplateDatabase, type DbRows } from './db/index.js';

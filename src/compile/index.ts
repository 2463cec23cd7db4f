export { Compiler, injectCtes, isIncrementalRun, cteName, type CompileContext, type CompiledNode } from './compile.js';

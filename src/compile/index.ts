export { Compiler, injectCtes, isIncrementalRun, cteName, type CompileContext, type CompiledNode } from './compile.js';
export { deferCandidates, planDeferral, type DeferInputs } from './defer.js';

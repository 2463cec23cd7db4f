import { BUILTIN_MACROS, Renderer, type MacroFile } from '../template/index.js';
import { BUILTIN_TEST_MACROS } from '../test-catalog/index.js';
import type { ProjectFiles } from '../project/index.js';
import type { ParseInputs } from './project.js';
import { orderMacroFiles } from './packages.js';
import type { ParseEnv } from './sql-node.js';

/** The macro files a parse loads: tsmodel's, the project's and its packages' (with generic tests' files). */
export function macroFilesOf(files: ProjectFiles): MacroFile[] {
  return orderMacroFiles(
    [...BUILTIN_MACROS, ...BUILTIN_TEST_MACROS],
    [...files.macros, ...files.tests.filter((f) => f.relPath.startsWith('generic/'))],
  );
}

export function rendererOptionsOf(inputs: ParseInputs): {
  project: string;
  dispatch: ParseInputs['config']['dispatch'];
} {
  return { project: inputs.config.name, dispatch: inputs.config.dispatch };
}

/** A new renderer of a parse's macros (a reused parse makes it on first use: `ls` never renders). */
export function rendererFor(
  inputs: ParseInputs,
  macroFiles: readonly MacroFile[] = macroFilesOf(inputs.files),
): Renderer {
  return new Renderer(macroFiles, rendererOptionsOf(inputs));
}

/** What every parse-mode render sees; `renderer` may be a function making it on first use. */
export function parseEnvOf(inputs: ParseInputs, renderer: Renderer | (() => Renderer)): ParseEnv {
  const penv: Omit<ParseEnv, 'renderer'> = {
    projectName: inputs.config.name,
    target: inputs.target,
    vars: inputs.vars,
    env: inputs.env,
    invocationId: inputs.invocationId,
    runStartedAt: inputs.runStartedAt,
    fullRefresh: inputs.fullRefresh ?? false,
    log: inputs.log,
    ...(inputs.packages?.length ? { packageVars: new Map(inputs.packages.map((p) => [p.config.name, p.vars])) } : {}),
  };
  if (typeof renderer !== 'function') return { ...penv, renderer };
  let made: Renderer | undefined;
  return Object.defineProperty(penv, 'renderer', {
    get: () => (made ??= renderer()),
    enumerable: true,
  }) as ParseEnv;
}

/**
 * What every render of a parse sees besides its file, its macros and the vars and env vars it reads: the project's
 * name and dispatch, the target, --full-refresh and the installed packages. A parse cache is valid within one key.
 */
export function renderContextKey(inputs: ParseInputs): string {
  return JSON.stringify([
    rendererOptionsOf(inputs),
    inputs.target,
    inputs.fullRefresh ?? false,
    (inputs.packages ?? []).map((p) => p.config.name),
  ]);
}

import { TsmodelError } from '../../errors/index.js';
import { runtimeContext } from '../context.js';
import { RelationValue } from '../relation.js';
import { Renderer, type MacroFile } from '../renderer.js';
import type { ParityCase } from './cases.js';
import type { RenderResult } from './jinja2.js';

/** The file name both sides give the case's template (jinja2_render.py's MODEL_FILE). */
export const MODEL_FILE = 'model.sql';

function failure(err: unknown): RenderResult {
  if (err instanceof TsmodelError)
    return { ok: false, kind: err.code, message: err.message, file: err.location?.file, line: err.location?.line };
  const message = err instanceof Error ? err.message : String(err);
  return { ok: false, kind: `uncaught ${err instanceof Error ? err.name : typeof err}`, message };
}

/**
 * Renders a case with our Renderer and the runtime context a model gets (no
 * vars, no environment variables), the case's context laid over it.
 */
export function renderWithTsmodel(c: ParityCase): RenderResult {
  try {
    const macroFiles: MacroFile[] = Object.entries(c.macros ?? {}).map(([path, source]) => ({
      path,
      source,
      builtin: false,
    }));
    const renderer = new Renderer(macroFiles);
    if (renderer.errors.length > 0) return failure(renderer.errors[0]);
    const context = runtimeContext({
      renderer,
      node: {
        uniqueId: 'model.parity.model',
        name: 'model',
        resourceType: 'model',
        packageName: 'parity',
        originalFilePath: MODEL_FILE,
      },
      target: { name: 'dev', profile_name: 'parity', schema: 'main', type: 'postgres', threads: 1 },
      vars: {},
      env: {},
      runStartedAt: '2026-01-01T00:00:00Z',
      invocationId: 'parity',
      fullRefresh: false,
      resolveRef: (name, pkg) => new RelationValue(pkg ?? 'main', name),
      resolveSource: (source, table) => new RelationValue(source, table),
      thisRelation: new RelationValue('main', 'model'),
      isIncremental: false,
      config: {},
    });
    return { ok: true, output: renderer.render(MODEL_FILE, c.template, { ...context, ...c.context }) };
  } catch (err) {
    return failure(err);
  }
}

export interface Verdict {
  same: boolean;
  /** Why not, for the failure message. */
  detail: string;
}

function show(r: RenderResult): string {
  if (r.ok) return `output ${JSON.stringify(r.output)}`;
  const at = r.file ? ` at ${r.file}${r.line ? `:${r.line}` : ''}` : '';
  return `error (${r.kind})${at}: ${r.message}`;
}

/**
 * Same output byte for byte, or both failed: our message contains Jinja2's
 * essential part, and our error points at the same file and line when Jinja2
 * knows them.
 */
export function compare(jinja: RenderResult, ours: RenderResult): Verdict {
  const both = `\n  Jinja2: ${show(jinja)}\n  ours:   ${show(ours)}`;
  if (jinja.ok && ours.ok) {
    const same = jinja.output === ours.output;
    return { same, detail: same ? '' : `outputs differ${both}` };
  }
  if (jinja.ok !== ours.ok)
    return { same: false, detail: `${jinja.ok ? 'only ours failed' : 'only Jinja2 failed'}${both}` };
  if (jinja.ok || ours.ok) return { same: false, detail: both };
  if (ours.kind.startsWith('uncaught'))
    return { same: false, detail: `ours threw a bare error instead of a TsmodelError${both}` };
  if (jinja.essential && !ours.message.includes(jinja.essential))
    return { same: false, detail: `our message lacks ${JSON.stringify(jinja.essential)}${both}` };
  if (jinja.file && (ours.file !== jinja.file || (jinja.line && ours.line !== jinja.line)))
    return { same: false, detail: `the error points elsewhere${both}` };
  return { same: true, detail: '' };
}

import { renderNative, rendererHooks } from '../../config/render.js';
import { TsmodelError } from '../../errors/index.js';
import { runtimeContext } from '../context.js';
import { extendContext } from '../context-lazy.js';
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
 * vars, no environment variables), the case's context laid over it; a native
 * case as a YAML value is rendered (src/config/render.ts's renderNative).
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
    const all = extendContext(context, c.context ?? {});
    if (!c.native) return { ok: true, output: renderer.render(MODEL_FILE, c.template, all) };
    const value = renderNative(c.template, rendererHooks(renderer, MODEL_FILE, all));
    return { ok: true, value: jsonValue(value), type: typeName(value) };
  } catch (err) {
    return failure(err);
  }
}

/** A native value as JSON (what jinja2_render.py's to_json does on its side). */
function jsonValue(v: unknown): unknown {
  if (v === null || v === undefined) return v ?? null;
  if (['boolean', 'number', 'string'].includes(typeof v)) return v;
  if (Array.isArray(v)) return v.map(jsonValue);
  if (typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype)
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, jsonValue(x)]));
  return String(v);
}

function typeName(v: unknown): string {
  if (v === null || v === undefined) return 'none';
  if (Array.isArray(v)) return 'list';
  return typeof v === 'object' ? 'mapping' : typeof v;
}

/** Python's type names as ours: int and float are numbers, tuples and sets lists, Undefined printed text. */
const PYTHON_TYPES: Record<string, string> = {
  str: 'string',
  Undefined: 'string',
  int: 'number',
  float: 'number',
  bool: 'boolean',
  NoneType: 'none',
  list: 'list',
  tuple: 'list',
  set: 'list',
  dict: 'mapping',
};

export interface Verdict {
  same: boolean;
  /** Why not, for the failure message. */
  detail: string;
}

function show(r: RenderResult): string {
  if (r.ok) return 'output' in r ? `output ${JSON.stringify(r.output)}` : `${r.type} ${JSON.stringify(r.value)}`;
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
    if ('value' in jinja && 'value' in ours) {
      const same =
        (PYTHON_TYPES[jinja.type] ?? jinja.type) === ours.type &&
        JSON.stringify(jinja.value) === JSON.stringify(ours.value);
      return { same, detail: same ? '' : `values differ${both}` };
    }
    const same = 'output' in jinja && 'output' in ours && jinja.output === ours.output;
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

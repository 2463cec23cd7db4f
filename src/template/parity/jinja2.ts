import { spawnSync } from 'node:child_process';
import type { ParityCase } from './cases.js';

/** One case rendered: its output, or how it failed. */
export type RenderResult =
  | { ok: true; output: string }
  /** A native case's value, as JSON, and the name of its type (Python's: str, int, list…; ours: typeof). */
  | { ok: true; value: unknown; type: string }
  | {
      ok: false;
      message: string;
      /** Jinja2's exception class (for our side: the error's name). */
      kind: string;
      /** The part of the message the other side must contain too; null: failing is enough. */
      essential?: string | null;
      file?: string | null;
      line?: number | null;
    };

export type Jinja2Run =
  { available: true; version: string; results: Map<string, RenderResult> } | { available: false; reason: string };

interface ScriptOutput {
  jinja2: string;
  results: ({ id: string } & RenderResult)[];
}

/** Renders every case with the real Jinja2 in one python3 process (jinja2_render.py). */
export function renderWithJinja2(
  script: string,
  cases: readonly ParityCase[],
  python = process.env.TSMODEL_PYTHON ?? 'python3',
): Jinja2Run {
  const run = spawnSync(python, [script], {
    input: JSON.stringify(cases),
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (run.error) {
    const code = (run.error as NodeJS.ErrnoException).code;
    return { available: false, reason: code === 'ENOENT' ? `${python} is not installed` : run.error.message };
  }
  if (run.status !== 0) {
    const missing = /No module named '?(jinja2|yaml)'?/.exec(run.stderr);
    const reason = missing
      ? `${python} lacks the ${missing[1]} module (apt-get install python3-${missing[1]})`
      : `jinja2_render.py failed (exit ${run.status}): ${run.stderr.trim().split('\n').slice(-3).join(' | ')}`;
    return { available: false, reason };
  }
  const parsed = JSON.parse(run.stdout) as ScriptOutput;
  const results = new Map<string, RenderResult>();
  for (const { id, ...result } of parsed.results) results.set(id, result as RenderResult);
  return { available: true, version: parsed.jinja2, results };
}

/**
 * Golden files for materialization plans: the plan as target/run/ shows it,
 * under a header with its verb and kind, compared with `<dir>/<name>.sql`.
 * UPDATE_GOLDEN=1 rewrites the files (then read the diff).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { renderRunFile } from '../../execute/run-node.js';
import type { Plan } from '../types.js';

/** An expectGolden(name, plan) comparing with the golden files in `dir`. */
export function planGolden(dir: string): (name: string, p: Plan) => void {
  return (name, p) => {
    const text = `-- ${p.verb} (${p.kind})\n\n${renderRunFile(p).text}`;
    const file = join(dir, `${name}.sql`);
    if (process.env.UPDATE_GOLDEN === '1') {
      mkdirSync(dir, { recursive: true });
      writeFileSync(file, text);
    }
    expect(existsSync(file), `${file} is missing: run with UPDATE_GOLDEN=1 and review it`).toBe(true);
    expect(text).toBe(readFileSync(file, 'utf8'));
  };
}

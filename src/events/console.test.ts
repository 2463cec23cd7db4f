import { describe, expect, it } from 'vitest';
import { ConsoleReporter } from './console.js';
import type { NodeRef } from './types.js';

const node: NodeRef = {
  uniqueId: 'model.shop.big',
  name: 'big',
  resourceType: 'model',
  description: 'table model',
  relationName: 'main.big',
};

function lines(interactive: boolean, quiet = false): string[] {
  const out: string[] = [];
  const r = new ConsoleReporter({ write: (l) => out.push(l), color: false, interactive, quiet });
  for (let ms = 1000; ms <= 11_000; ms += 1000) r.emit({ type: 'progress', runId: 'r', node, elapsedMs: ms });
  return out;
}

describe('ConsoleReporter progress', () => {
  it('in a terminal, shows a long statement is still running every 5 seconds', () => {
    const out = lines(true);
    expect(out).toHaveLength(2);
    expect(out[0]).toMatch(/… main\.big still running \(5s\)$/);
    expect(out[1]).toMatch(/\(10s\)$/);
  });

  it('prints nothing without a terminal, or with --quiet', () => {
    expect(lines(false)).toEqual([]);
    expect(lines(true, true)).toEqual([]);
  });

  it('writes no colour codes when colour is off', () => {
    expect(lines(true).join('')).not.toContain('\u001b[');
  });
});

import { describe, expect, it } from 'vitest';
import { csvChunks, shiftCopyLine } from './csv-chunks.js';

async function collect(text: string, pieces: number, target: number) {
  const buf = Buffer.from(text);
  const step = Math.ceil(buf.length / pieces);
  async function* gen() {
    for (let i = 0; i < buf.length; i += step) yield buf.subarray(i, i + step);
  }
  const out = [];
  for await (const c of csvChunks(gen(), '"', target)) out.push({ text: c.data.toString(), startLine: c.startLine });
  return out;
}

describe('csvChunks', () => {
  const csv = 'a,b\n1,"x\ny"\n2,z\n3,"q"\n4,w\n';

  it('reassembles the whole file, whatever the read sizes', async () => {
    for (const pieces of [1, 2, 3, 7, csv.length]) {
      for (const target of [1, 5, 1000]) {
        const chunks = await collect(csv, pieces, target);
        expect(chunks.map((c) => c.text).join('')).toBe(csv);
      }
    }
  });

  it('never cuts inside a quoted field and tracks start lines', async () => {
    const chunks = await collect(csv, csv.length, 1);
    for (const c of chunks) expect(c.text.endsWith('\n')).toBe(true);
    expect(chunks.some((c) => c.text === '1,"x\ny"\n')).toBe(true);
    const third = chunks.find((c) => c.text.startsWith('2,'))!;
    expect(third.startLine).toBe(4);
  });

  it('maps a COPY error line back to the file', () => {
    expect(shiftCopyLine('COPY t, line 2, column b: "x"', 10)).toBe('COPY t, line 11, column b: "x"');
  });
});

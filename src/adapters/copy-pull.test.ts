import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { openCsvStream } from '../project/index.js';
import { isPullSource, pullInto } from './copy-pull.js';

/** A seed's file pulled through one buffer into a COPY stream (here a Writable that keeps what it is given). */
const dir = mkdtempSync(join(tmpdir(), 'tsmodel-copy-pull-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const body = Array.from({ length: 120_000 }, (_v, i) => `${i},"name ${i}",${i % 3 === 0 ? '' : i * 2}`).join('\n');
const file = join(dir, 'big.csv');
writeFileSync(file, `\ufeffid,name,n\n${body}\n`);
const expected = Buffer.from(`id,name,n\n${body}\n`);

function keeper(failAfter = Infinity) {
  const copies: Buffer[] = [];
  const memory = new Set<ArrayBufferLike>();
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      if (copies.length >= failAfter) return done(new Error('COPY failed on the server'));
      copies.push(Buffer.from(chunk));
      memory.add(chunk.buffer);
      setImmediate(done); // as a socket that takes a while
    },
  });
  return { sink, copies, memory };
}

describe('pullInto', () => {
  it('feeds the whole file without its BOM through one reused buffer, each piece seen by observe', async () => {
    expect(expected.length).toBeGreaterThan(2 * 1024 * 1024);
    const seen: Buffer[] = [];
    const source = openCsvStream(file, (chunk) => seen.push(Buffer.from(chunk)));
    expect(isPullSource(source)).toBe(true);
    const { sink, copies, memory } = keeper();
    await pullInto(sink, source);
    expect(Buffer.concat(copies).equals(expected)).toBe(true);
    expect(Buffer.concat(seen).equals(expected)).toBe(true);
    expect(copies.length).toBeGreaterThan(2);
    expect(memory.size).toBe(1);
    expect(source.destroyed).toBe(true);
  });

  it("throws the stream's own error, and closes the file", async () => {
    const source = openCsvStream(file);
    const { sink } = keeper(1);
    await expect(pullInto(sink, source)).rejects.toThrow('COPY failed on the server');
    expect(source.destroyed).toBe(true);
  });

  it('cancels the COPY when the file cannot be read', async () => {
    const source = openCsvStream(join(dir, 'missing.csv'));
    const { sink, copies } = keeper();
    await expect(pullInto(sink, source)).rejects.toThrow(/ENOENT/);
    expect(sink.destroyed).toBe(true);
    expect(copies).toEqual([]);
  });

  it('fails a stream reader of a missing file with its error', async () => {
    const read = async () => {
      for await (const _chunk of openCsvStream(join(dir, 'missing.csv'))) throw new Error('read a missing file');
    };
    await expect(read()).rejects.toThrow(/ENOENT/);
  });

  it('still streams as before, to a reader that does not pull', async () => {
    const parts: Buffer[] = [];
    for await (const chunk of openCsvStream(file)) parts.push(chunk as Buffer);
    expect(Buffer.concat(parts).equals(expected)).toBe(true);
  });
});

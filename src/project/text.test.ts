import { describe, expect, it } from 'vitest';
import { findNotText, walkNotText } from './text.js';

describe('findNotText', () => {
  it.each<[string, number[] | string, ReturnType<typeof findNotText>]>([
    ['ASCII', 'select 1\n', undefined],
    ['UTF-8 of every length', 'é € 😀 ü\n', undefined],
    ['a NUL on line 3', 'a\nb\nc\u0000', { line: 3, reason: 'a NUL byte' }],
    ['a Latin-1 é', [0x61, 0x0a, 0xe9, 0x0a], { line: 2, reason: 'byte 0xe9, which is not valid UTF-8' }],
    ['a truncated sequence at the end', [0x61, 0xe2, 0x82], { line: 1, reason: 'byte 0xe2, which is not valid UTF-8' }],
    ['an overlong slash', [0xc0, 0xaf], { line: 1, reason: 'byte 0xc0, which is not valid UTF-8' }],
    ['a UTF-16 surrogate', [0xed, 0xa0, 0x80], { line: 1, reason: 'byte 0xed, which is not valid UTF-8' }],
    ['beyond U+10FFFF', [0xf4, 0x90, 0x80, 0x80], { line: 1, reason: 'byte 0xf4, which is not valid UTF-8' }],
    ['a lone continuation byte', [0x80], { line: 1, reason: 'byte 0x80, which is not valid UTF-8' }],
  ])('%s', (_name, input, expected) => {
    const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : Uint8Array.from(input);
    expect(findNotText(bytes)).toEqual(expected);
  });

  it('answers as the byte-by-byte walk on 20,000 random texts around every UTF-8 boundary', () => {
    // Lead and continuation bytes at the edges of each range (overlongs, surrogates, beyond U+10FFFF), NUL, ASCII.
    const pool = [0x00, 0x0a, 0x41, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf, 0xe0, 0xe1];
    pool.push(0xec, 0xed, 0xee, 0xef, 0xf0, 0xf1, 0xf3, 0xf4, 0xf5, 0xff);
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    let clean = 0;
    for (let n = 0; n < 20_000; n++) {
      const bytes = Uint8Array.from(
        { length: 1 + Math.floor(next() * 8) },
        () => pool[Math.floor(next() * pool.length)]!,
      );
      const walked = walkNotText(bytes);
      expect(findNotText(bytes), Buffer.from(bytes).toString('hex')).toEqual(walked);
      if (walked === undefined) clean++;
    }
    expect(clean).toBeGreaterThan(100); // both answers occur
  });
});

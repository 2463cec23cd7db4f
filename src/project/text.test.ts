import { describe, expect, it } from 'vitest';
import { findNotText } from './text.js';

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
});

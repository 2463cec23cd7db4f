import { describe, expect, it } from 'vitest';
import { pythonLiteral } from './python-literal.js';

// Expected values are what Python 3's ast.literal_eval returns for each text
// (tuples and sets shown as lists); `undefined`: literal_eval raises.
const CASES: [string, unknown][] = [
  ['1', 1],
  ['-5', -5],
  ['+3', 3],
  ['- 4', -4],
  [' 7 ', 7],
  ['1.5', 1.5],
  ['1e3', 1000],
  ['.5', 0.5],
  ['5.', 5],
  ['0x1f', 31],
  ['1_000', 1000],
  ['True', true],
  ['False', false],
  ['None', null],
  ["'a'", 'a'],
  ['"b"', 'b'],
  ["'a' 'b'", 'ab'],
  ["u'x'", 'x'],
  ["'it\\'s'", "it's"],
  ["'\\n'", '\n'],
  ["['a', 1, None]", ['a', 1, null]],
  ['[1,]', [1]],
  ['(1, 2)', [1, 2]],
  ['(1,)', [1]],
  ['(1)', 1],
  ['()', []],
  ['[]', []],
  ['{}', {}],
  ["{'a': 1, 'b': [True]}", { a: 1, b: [true] }],
  ['{"a":1,}', { a: 1 }],
  ['{1, 2}', [1, 2]],
  ['true', undefined],
  ['abc', undefined],
  ['[1, 2', undefined],
  ['1 + 2', undefined],
  ['--4', undefined],
  ['x = 1', undefined],
  ['01', undefined],
];

describe('pythonLiteral', () => {
  it.each(CASES)('%s', (text, expected) => {
    expect(pythonLiteral(text)).toEqual(expected);
  });
});

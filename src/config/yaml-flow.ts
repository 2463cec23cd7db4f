/**
 * The scalars and one-line flow collections of the fast YAML reader (yaml-fast.ts): plain scalars by YAML 1.2's
 * core schema, one-line quoted scalars without escapes, `[a, b]` and `{k: v}` nested on one line. Anything else
 * throws Bail, and the library reads the document.
 */

/** A node of the document: its value as plain data, where it starts, and where its keys and items are. */
export interface FastNode {
  value: unknown;
  start: number;
  pairs?: Map<string, { keyStart: number; node: FastNode }>;
  items?: FastNode[];
}

export class Bail extends Error {}
export const bail = (): never => {
  throw new Bail();
};

/** The core schema's integers and floats (yaml's schema/core/int.js and float.js), in one expression. */
const NUMERIC = new RegExp(
  [
    '^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+',
    '[-+]?(?:\\.[0-9]+|[0-9]+(?:\\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?',
    '[-+]?\\.(?:inf|Inf|INF)|\\.nan|\\.NaN|\\.NAN)$',
  ].join('|'),
);
const NULL = /^(?:~|[Nn]ull|NULL)$/;
const BOOL = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
/** Characters a plain scalar may not start with (YAML's indicators). */
export const INDICATOR = /^[-?:,[\]{}#&*!|>'"%@`]/;

/** A plain scalar's value under the core schema; numbers other than plain decimal integers are left to yaml. */
export function plainValue(text: string): unknown {
  if (NULL.test(text)) return null;
  if (BOOL.test(text)) return text[0] === 't' || text[0] === 'T';
  if (NUMERIC.test(text)) return /^(?:0|[1-9][0-9]{0,14})$/.test(text) ? Number(text) : bail();
  return text;
}

/** A mapping key as the fast reader takes it: a string, not a merge key, not one that could touch a prototype. */
export function checkKey(key: string, pairs: Map<string, unknown>): string {
  return pairs.has(key) || key === '__proto__' || key === '<<' ? bail() : key;
}

/** A one-line quoted scalar at `start` (before `end`): its value and the offset after its closing quote. */
export function quoted(text: string, start: number, end: number): [string, number] {
  const q = text[start]!;
  let value = '';
  let from = start + 1;
  for (;;) {
    const close = text.indexOf(q, from);
    if (close < 0 || close >= end) return bail();
    value += text.slice(from, close);
    if (q === "'" && text[close + 1] === "'") {
      value += "'";
      from = close + 2;
      continue;
    }
    return [value, close + 1];
  }
}

/** A flow collection (`[…]` or `{…}`) at `start`, closed before `end`: the node and the offset after it. */
export function flow(text: string, start: number, end: number): [FastNode, number] {
  let i = start;
  const skip = () => {
    while (i < end && text.charCodeAt(i) === 32) i++;
  };
  /** A flow node at i; `key`: a mapping key (its plain form stops at ':'). */
  const read = (key: boolean): FastNode => {
    skip();
    const c = text[i];
    const at = i;
    if (!key && (c === '[' || c === '{')) return collection(c === '{');
    if (c === '"' || c === "'") {
      const [value, after] = quoted(text, i, end);
      i = after;
      return { value, start: at };
    }
    let j = i;
    while (j < end && !',[]{}#:'.includes(text[j]!)) j++;
    const raw = text.slice(i, j).trimEnd();
    if (raw === '' || INDICATOR.test(raw) || (!key && text[j] === ':')) bail();
    i = j;
    return { value: plainValue(raw), start: at };
  };
  const collection = (isMap: boolean): FastNode => {
    const node: FastNode = isMap ? { value: {}, start: i, pairs: new Map() } : { value: [], start: i, items: [] };
    const close = isMap ? '}' : ']';
    i++;
    skip();
    if (text[i] === close) {
      i++;
      return node;
    }
    for (;;) {
      if (isMap) {
        const k = read(true);
        if (typeof k.value !== 'string' || text[i] !== ':' || text[i + 1] !== ' ') bail();
        const key = checkKey(k.value as string, node.pairs!);
        i++;
        const value = read(false);
        node.pairs!.set(key, { keyStart: k.start, node: value });
        (node.value as Record<string, unknown>)[key] = value.value;
      } else {
        const item = read(false);
        node.items!.push(item);
        (node.value as unknown[]).push(item.value);
      }
      skip();
      if (text[i] === close) {
        i++;
        return node;
      }
      if (text[i] !== ',') bail();
      i++;
      skip();
      if (text[i] === close) bail();
    }
  };
  const node = collection(text[start] === '{');
  return [node, i];
}

import { Bail, bail, checkKey, flow, INDICATOR, plainValue, quoted, type FastNode } from './yaml-flow.js';

export type { FastNode } from './yaml-flow.js';

/**
 * A fast reader for the YAML that schema files are made of: block mappings and sequences, one-line plain and
 * quoted scalars, one-line flow collections, comments. It returns what the `yaml` library would (the
 * same values, by YAML 1.2's core schema, and the same offsets of keys and values), or undefined as soon as the
 * text holds anything else (anchors, tags, block or multi-line scalars, multi-line flow collections, escapes,
 * tabs, duplicate keys, several documents…): yaml.ts then reads it with the library, errors and all.
 */

interface Line {
  indent: number;
  /** Offset of the first character of the content (after the indent, or after a sequence's "- "). */
  start: number;
  end: number;
}

export function parseFastYaml(text: string): FastNode | undefined {
  if (/[\t\r\uFEFF\\]|^(?:---|\.\.\.|%)/m.test(text)) return undefined;
  try {
    return new Reader(text).document();
  } catch (err) {
    if (err instanceof Bail) return undefined;
    throw err;
  }
}

class Reader {
  private readonly lines: Line[] = [];
  private at = 0;

  constructor(private readonly text: string) {
    let pos = 0;
    while (pos <= text.length) {
      let end = text.indexOf('\n', pos);
      if (end < 0) end = text.length;
      let start = pos;
      while (start < end && text.charCodeAt(start) === 32) start++;
      if (start < end && text[start] !== '#') this.lines.push({ indent: start - pos, start, end });
      pos = end + 1;
    }
  }

  document(): FastNode | undefined {
    const first = this.lines[0];
    if (!first) return undefined;
    const root = this.block(first.indent);
    return this.at === this.lines.length ? root : bail();
  }

  private isItem(line: Line): boolean {
    return this.text[line.start] === '-' && (line.start + 1 === line.end || this.text[line.start + 1] === ' ');
  }

  /** The block (mapping or sequence) whose first line is the current one, at `indent`. */
  private block(indent: number): FastNode {
    const line = this.lines[this.at]!;
    if (line.indent !== indent) bail();
    return this.isItem(line) ? this.sequence(indent) : this.mapping(indent);
  }

  private sequence(indent: number): FastNode {
    const node: FastNode = { value: [], start: this.lines[this.at]!.start, items: [] };
    for (
      let line = this.lines[this.at];
      line && line.indent === indent && this.isItem(line);
      line = this.lines[this.at]
    ) {
      let start = line.start + 1;
      while (start < line.end && this.text.charCodeAt(start) === 32) start++;
      if (start === line.end || this.text[start] === '#') bail();
      // The rest of the line is a line of its own, indented to where its content starts.
      line.indent += start - line.start;
      line.start = start;
      const item = this.startsMapping(line) ? this.block(line.indent) : this.inline(line, indent);
      node.items!.push(item);
      (node.value as unknown[]).push(item.value);
    }
    return node;
  }

  private mapping(indent: number): FastNode {
    const node: FastNode = { value: {}, start: this.lines[this.at]!.start, pairs: new Map() };
    for (let line = this.lines[this.at]; line && line.indent === indent; line = this.lines[this.at]) {
      if (this.isItem(line)) bail();
      const keyStart = line.start;
      const { key, colon } = this.key(line);
      checkKey(key, node.pairs!);
      let rest = colon + 1;
      while (rest < line.end && this.text.charCodeAt(rest) === 32) rest++;
      let value: FastNode;
      if (rest < line.end && this.text[rest] !== '#') {
        line.start = rest;
        value = this.inline(line, indent);
      } else {
        this.at++;
        const next = this.lines[this.at];
        if (next && (next.indent > indent || (next.indent === indent && this.isItem(next))))
          value = this.block(next.indent);
        else if (rest < line.end) return bail();
        else value = { value: null, start: rest };
      }
      node.pairs!.set(key, { keyStart, node: value });
      (node.value as Record<string, unknown>)[key] = value.value;
    }
    return node;
  }

  /** Whether the line's content is `key:` or `key: value` (a mapping starting on this line). */
  private startsMapping(line: Line): boolean {
    const c = this.text[line.start];
    if (c === '"' || c === "'") {
      const close = this.text.indexOf(c, line.start + 1);
      return close > 0 && close < line.end && this.text[close + 1] === ':';
    }
    if (c === '[' || c === '{') return false;
    const colon = this.colonOf(line);
    return colon >= 0;
  }

  /** The offset of a plain key's ": " (or final ":") on the line, before any comment; -1 when none. */
  private colonOf(line: Line): number {
    const { text } = this;
    for (let i = line.start; i < line.end; i++) {
      const c = text[i];
      if (c === '#' && text[i - 1] === ' ') return -1;
      if (c === ':' && (i + 1 === line.end || text[i + 1] === ' ')) return i;
    }
    return -1;
  }

  private key(line: Line): { key: string; colon: number } {
    const { text } = this;
    const c = text[line.start]!;
    if (c === '"' || c === "'") {
      const [key, after] = quoted(text, line.start, line.end);
      if (text[after] !== ':' || (after + 1 < line.end && text[after + 1] !== ' ')) bail();
      return { key, colon: after };
    }
    const colon = this.colonOf(line);
    if (colon < 0 || INDICATOR.test(c)) bail();
    const key = text.slice(line.start, colon).trimEnd();
    if (typeof plainValue(key) !== 'string' || /[[\]{},]| #/.test(key)) bail();
    return { key, colon };
  }

  /** A scalar or flow sequence taking the rest of the line; the block it is in is at `indent`. */
  private inline(line: Line, indent: number): FastNode {
    const { text } = this;
    const start = line.start;
    let node: FastNode;
    let after: number;
    const c = text[start];
    if (c === '[' || c === '{') [node, after] = flow(text, start, line.end);
    else if (c === '"' || c === "'") {
      const [value, end] = quoted(text, start, line.end);
      [node, after] = [{ value, start }, end];
    } else {
      if (INDICATOR.test(text.slice(start, start + 1))) bail();
      let end = start;
      while (end < line.end && !(text[end] === '#' && text[end - 1] === ' ')) end++;
      const raw = text.slice(start, end).trimEnd();
      if (raw.includes(': ') || raw.endsWith(':')) bail();
      [node, after] = [{ value: plainValue(raw), start }, end];
    }
    while (after < line.end && text.charCodeAt(after) === 32) after++;
    // What follows on the line can only be a comment, and a comment only after a space (`[a]#` is an error).
    if (after < line.end && (text[after] !== '#' || text.charCodeAt(after - 1) !== 32)) bail();
    this.at++;
    const next = this.lines[this.at];
    // A more indented line would continue a multi-line scalar: left to yaml.
    if (next && next.indent > indent) bail();
    return node;
  }
}

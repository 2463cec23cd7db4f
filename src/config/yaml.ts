import { LineCounter, isAlias, isMap, isScalar, isSeq, parseDocument } from 'yaml';
import type { Alias, Document, Node as YamlNode, Pair, Scalar, YAMLError, YAMLMap, YAMLSeq } from 'yaml';
import { TsmodelError } from '../errors/index.js';
import type { SourceLocation } from '../errors/index.js';
import { parseFastYaml, type FastNode } from './yaml-fast.js';

export type YamlPath = readonly (string | number)[];

export interface YamlDocument {
  /** The whole file as plain JS data (null for an empty file). */
  value: unknown;
  /** Where the key at `path` is written (a sequence item: where the item starts); falls back to the nearest existing parent. */
  locate(path: YamlPath): SourceLocation;
  /** Where the value at `path` starts; falls back like `locate`. */
  locateValue(path: YamlPath): SourceLocation;
}

/**
 * Parses one YAML document (YAML 1.2 core schema, `<<` merge keys enabled, as
 * dbt users write them). Malformed YAML is a TsmodelError('yaml') at the first
 * problem's line and column.
 */
export function parseYamlDocument(text: string, file: string): YamlDocument {
  const fast = parseFastYaml(text);
  return fast ? fastDocument(fast, text, file) : libraryDocument(text, file);
}

/** A document the fast reader took (yaml-fast.ts): the same values and offsets as the library's. */
function fastDocument(root: FastNode, text: string, file: string): YamlDocument {
  let lineCounter: LineCounter | undefined;
  const at = (offset: number): SourceLocation => {
    if (!lineCounter) {
      lineCounter = new LineCounter();
      lineCounter.addNewLine(0);
      for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lineCounter.addNewLine(i + 1);
    }
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, column: col };
  };
  return {
    value: root.value,
    locate: (path) => at(fastOffset(root, path, 'key')),
    locateValue: (path) => at(fastOffset(root, path, 'value')),
  };
}

/** Locator.offset over a fast document (no aliases or merge keys there). */
function fastOffset(root: FastNode, path: YamlPath, want: 'key' | 'value'): number {
  let node: FastNode | undefined = root;
  let best = root.start;
  for (let i = 0; i < path.length && node; i++) {
    const seg = path[i]!;
    const last = i === path.length - 1;
    if (node.pairs) {
      const pair = node.pairs.get(String(seg));
      if (!pair) return best;
      if (last && want === 'key') return pair.keyStart;
      best = last ? pair.node.start : pair.keyStart;
      node = pair.node;
    } else if (node.items) {
      const index = typeof seg === 'number' ? seg : /^\d+$/.test(seg) ? Number(seg) : -1;
      node = node.items[index];
      if (node) best = node.start;
    } else {
      return best;
    }
  }
  return best;
}

/** The `yaml` library's reading of a document (what the fast reader must agree with). */
export function libraryDocument(text: string, file: string): YamlDocument {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, merge: true, prettyErrors: false, keepSourceTokens: false });
  const at = (offset: number): SourceLocation => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, column: col };
  };
  const first = doc.errors[0];
  if (first) throw yamlError(first, text, at(first.pos[0]));
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 10_000 });
  } catch (err) {
    throw new TsmodelError('yaml', `invalid YAML: ${err instanceof Error ? err.message : String(err)}`, {
      location: { file, line: 1, column: 1 },
      hint: 'check that every alias (*name) refers to an anchor (&name) defined earlier in the file',
      cause: err,
    });
  }
  const locator = new Locator(doc);
  return {
    value,
    locate: (path) => at(locator.offset(path, 'key')),
    locateValue: (path) => at(locator.offset(path, 'value')),
  };
}

const FRIENDLY: Partial<Record<YAMLError['code'], [message: string, hint: string]>> = {
  BLOCK_AS_IMPLICIT_KEY: [
    'bad indentation of a mapping entry',
    'a key on this line has a value, so the next line cannot be indented under it; align sibling keys at the same column',
  ],
  MULTILINE_IMPLICIT_KEY: [
    'bad indentation of a mapping entry',
    'a key must fit on one line; check the indentation of this line and the next',
  ],
  BAD_INDENT: [
    'bad indentation',
    'keys of the same mapping (and items of the same list) must start at the same column',
  ],
  TAB_AS_INDENT: ['tabs are not allowed as indentation', 'indent with spaces only'],
  DUPLICATE_KEY: ['duplicate key', 'each key may appear only once in a mapping; remove or rename one of them'],
  MULTIPLE_DOCS: ['the file holds several YAML documents', 'remove the `---` separator: one document per file'],
  UNEXPECTED_TOKEN: [
    'unexpected content',
    'check the indentation and the punctuation (":", "-", quotes) around this position',
  ],
  BAD_SCALAR_START: ['a plain value cannot start with this character', 'quote the value'],
  BLOCK_IN_FLOW: [
    'block syntax inside a flow collection',
    'inside [ ] or { } write items on one line, separated by commas',
  ],
  BAD_ALIAS: ['invalid alias', 'an alias (*name) must refer to an anchor (&name) defined earlier'],
};

function yamlError(err: YAMLError, text: string, location: SourceLocation): TsmodelError {
  const original = err.message.split('\n')[0]!.replace(/\.$/, '');
  const friendly = FRIENDLY[err.code];
  let message = friendly ? friendly[0] : lowerFirst(original);
  let hint = friendly ? friendly[1] : 'check the indentation and quoting around this line';
  if (err.code === 'MISSING_CHAR' && /without - indicator/.test(original)) {
    message = `bad indentation (${lowerFirst(original)})`;
    hint =
      'this line is not aligned with the keys of the entry above it, nor is it a new "- " item; fix its indentation';
  } else if (err.code === 'MISSING_CHAR') {
    hint = 'check for an unclosed quote or bracket, or a key without ":"';
  } else if (err.code === 'DUPLICATE_KEY') {
    // The error's range covers only the key's first character: read the whole key from there.
    const key = keyAt(text, err.pos[0]);
    if (key && key.length < 80) message = `duplicate key '${key}'`;
  } else if (friendly && friendly[0] !== original) {
    message += ` (${lowerFirst(original)})`;
  }
  return new TsmodelError('yaml', `invalid YAML: ${message}`, { location, hint, cause: err });
}

/** The mapping key written at `start`: a quoted one's contents, else the text before its ": " on that line. */
export function keyAt(text: string, start: number): string | undefined {
  const line = text.slice(start).split('\n', 1)[0]!;
  const quoted = /^(["'])(.*?)\1\s*:/.exec(line);
  if (quoted) return quoted[2];
  const plain = /^(.*?)\s*:(?=\s|$)/.exec(line);
  return plain ? plain[1]!.trim() : undefined;
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}

/** Walks the parsed node tree; map key lookups are cached per map. */
class Locator {
  private readonly keyIndex = new WeakMap<YAMLMap, Map<string, Pair>>();

  constructor(private readonly doc: Document) {}

  offset(path: YamlPath, want: 'key' | 'value'): number {
    let node: unknown = this.doc.contents;
    let best = rangeStart(node) ?? 0;
    for (let i = 0; i < path.length; i++) {
      node = this.deref(node);
      const seg = path[i]!;
      const last = i === path.length - 1;
      if (isMap(node)) {
        const pair = this.findPair(node, String(seg));
        if (!pair) return best;
        const keyStart = rangeStart(pair.key);
        const valueStart = rangeStart(this.deref(pair.value));
        if (last && want === 'key') return keyStart ?? best;
        best = last ? (valueStart ?? keyStart ?? best) : (keyStart ?? best);
        node = pair.value;
      } else if (isSeq(node)) {
        const index = typeof seg === 'number' ? seg : /^\d+$/.test(seg) ? Number(seg) : -1;
        const item: unknown = node.items[index];
        if (item === undefined) return best;
        best = rangeStart(this.deref(item)) ?? best;
        node = item;
      } else {
        return best;
      }
    }
    return best;
  }

  private deref(node: unknown): unknown {
    return isAlias(node) ? (node as Alias).resolve(this.doc) : node;
  }

  private findPair(map: YAMLMap, key: string): Pair | undefined {
    let index = this.keyIndex.get(map);
    if (!index) {
      index = new Map();
      for (const item of map.items) {
        if (isMergeKey(item.key)) continue;
        const k = isScalar(item.key) ? String((item.key as Scalar).value) : String(item.key);
        if (!index.has(k)) index.set(k, item as Pair);
      }
      this.keyIndex.set(map, index);
    }
    const direct = index.get(key);
    if (direct) return direct;
    // `<<: *anchor` merge keys: look inside the merged maps.
    for (const item of map.items) {
      if (!isMergeKey(item.key)) continue;
      const sources = this.deref(item.value);
      const list = isSeq(sources) ? (sources as YAMLSeq).items.map((s) => this.deref(s)) : [sources];
      for (const source of list) {
        if (isMap(source)) {
          const found = this.findPair(source, key);
          if (found) return found;
        }
      }
    }
    return undefined;
  }
}

function isMergeKey(key: unknown): boolean {
  if (!isScalar(key)) return false;
  const value = (key as Scalar).value;
  return typeof value === 'symbol' || (value === '<<' && (key as Scalar).source === '<<');
}

function rangeStart(node: unknown): number | undefined {
  const range = (node as YamlNode | null | undefined)?.range;
  return range ? range[0] : undefined;
}

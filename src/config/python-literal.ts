/**
 * Reads a Python literal the way dbt's native rendering does (it calls
 * ast.literal_eval on a value marked `| as_native`, `| as_bool` or
 * `| as_number`): numbers, strings, True/False/None, lists, tuples, dicts
 * and sets. Anything else is not a literal: `undefined` is returned and the
 * caller keeps the text, as dbt does.
 */
export function pythonLiteral(text: string): unknown {
  const p = new LiteralParser(text);
  try {
    p.skipSpace();
    const value = p.value();
    p.skipSpace();
    return p.atEnd() ? value : undefined;
  } catch {
    return undefined;
  }
}

const NUMBER =
  /^([-+]?)\s*(0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|(?:\d[\d_]*\.?[\d_]*|\.\d[\d_]*)(?:[eE][-+]?\d+)?)/;

class LiteralParser {
  private i = 0;
  constructor(private readonly s: string) {}

  atEnd(): boolean {
    return this.i >= this.s.length;
  }

  skipSpace(): void {
    while (this.i < this.s.length && /\s/.test(this.s[this.i]!)) this.i++;
  }

  private fail(): never {
    throw new Error('not a literal');
  }

  private eat(ch: string): boolean {
    this.skipSpace();
    if (this.s[this.i] !== ch) return false;
    this.i++;
    return true;
  }

  value(): unknown {
    this.skipSpace();
    const ch = this.s[this.i];
    if (ch === '[') return this.sequence('[', ']');
    if (ch === '(') return this.sequence('(', ')', true);
    if (ch === '{') return this.mapping();
    if (ch === "'" || ch === '"') return this.string();
    if ((ch === 'u' || ch === 'U') && (this.s[this.i + 1] === "'" || this.s[this.i + 1] === '"')) {
      this.i++;
      return this.string();
    }
    const word = /^(True|False|None)\b/.exec(this.s.slice(this.i));
    if (word) {
      this.i += word[1]!.length;
      return word[1] === 'True' ? true : word[1] === 'False' ? false : null;
    }
    const num = NUMBER.exec(this.s.slice(this.i));
    if (num) {
      this.i += num[0].length;
      const sign = num[1] === '-' ? -1 : 1;
      // Python rejects a decimal integer written with a leading zero ("01").
      if (/^0\d/.test(num[2]!) && !/[.eE]/.test(num[2]!) && !/^0+$/.test(num[2]!.replace(/_/g, ''))) this.fail();
      return sign * Number(num[2]!.replace(/_/g, ''));
    }
    return this.fail();
  }

  private sequence(open: string, close: string, tuple = false): unknown {
    this.eat(open);
    const items: unknown[] = [];
    let sawComma = false;
    while (!this.eat(close)) {
      if (items.length > 0 && !sawComma) this.fail();
      items.push(this.value());
      sawComma = this.eat(',');
      if (this.atEnd()) this.fail();
    }
    // "(1)" is the number 1, "(1,)" a tuple.
    if (tuple && items.length === 1 && !sawComma) return items[0];
    return items;
  }

  private mapping(): unknown {
    this.eat('{');
    const out: Record<string, unknown> = {};
    const set: unknown[] = [];
    let kind: 'dict' | 'set' | undefined;
    let sawComma = true;
    while (!this.eat('}')) {
      if (!sawComma) this.fail();
      const key = this.value();
      if (this.eat(':')) {
        if (kind === 'set') this.fail();
        kind = 'dict';
        out[String(key)] = this.value();
      } else {
        if (kind === 'dict') this.fail();
        kind = 'set';
        if (!set.includes(key)) set.push(key);
      }
      sawComma = this.eat(',');
      if (this.atEnd()) this.fail();
    }
    return kind === 'set' ? set : out;
  }

  private string(): string {
    let out = '';
    while (this.s[this.i] === "'" || this.s[this.i] === '"') {
      const quote = this.s[this.i]!;
      this.i++;
      for (;;) {
        if (this.atEnd()) this.fail();
        const ch = this.s[this.i++]!;
        if (ch === quote) break;
        if (ch === '\n') this.fail();
        if (ch !== '\\') {
          out += ch;
          continue;
        }
        const esc = this.s[this.i++];
        const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', '0': '\0' };
        if (esc !== undefined && esc in simple) out += simple[esc];
        else if (esc === 'x' || esc === 'u') {
          const len = esc === 'x' ? 2 : 4;
          const hex = this.s.slice(this.i, this.i + len);
          if (!new RegExp(`^[0-9a-fA-F]{${len}}$`).test(hex)) this.fail();
          out += String.fromCharCode(parseInt(hex, 16));
          this.i += len;
        } else if (esc === '\n') continue;
        else out += `\\${esc ?? ''}`;
      }
      this.skipSpace();
    }
    return out;
  }
}

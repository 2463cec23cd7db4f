/** What a seed's monitoring reports: the records after the header, and how many fields per column are NULL. */
export interface CsvCounts {
  records: number;
  nulls: number[];
}

export interface CsvCountFormat {
  delimiter: string;
  quote: string;
  /** The NULL string of COPY … (format csv, null '…'): an unquoted field spelled exactly so is NULL. */
  null: string;
  header: boolean;
}

const LF = 10;
const CR = 13;

/**
 * Counts records and NULL fields per column of a CSV as PostgreSQL's COPY … (format csv) reads it, from the
 * bytes as they stream past (feed each chunk, in order), so that the seed's monitoring needs no second scan of
 * the loaded table. A field is NULL when no quote character appears in it and its bytes are exactly the NULL
 * string (COPY's rule; a quoted empty field is an empty string). Records end at an LF, a CR or a CRLF outside
 * quotes; an escaped quote ("" inside quotes) leaves and re-enters the quotes, which counts the same.
 */
export class CsvNullCounter {
  private readonly d: number;
  private readonly q: number;
  private readonly nul: Buffer;
  private readonly nulLen: number;
  private readonly nulls: number[];
  private records = 0;
  private skipHeader: boolean;
  private inQuotes = false;
  private sawQuote = false;
  /** Bytes of the current field outside quotes in earlier chunks, and whether they spell the NULL string's start. */
  private len = 0;
  private spellsNull = true;
  private col = 0;
  /** The record holds at least one byte (a file's last line may end without a newline). */
  private open = false;
  private lastWasCr = false;

  constructor(fmt: CsvCountFormat, columns: number) {
    this.d = Buffer.from(fmt.delimiter)[0]!;
    this.q = Buffer.from(fmt.quote)[0]!;
    this.nul = Buffer.from(fmt.null);
    this.nulLen = this.nul.length;
    this.nulls = new Array<number>(columns).fill(0);
    this.skipHeader = fmt.header;
  }

  feed(chunk: Buffer): void {
    const n = chunk.length;
    if (this.nulLen > 0) {
      this.scan(chunk, 0, n);
      return;
    }
    // The NULL string is empty (seeds' default): a line without quotes, CRs or empty fields is one record and
    // nothing else; its end is found natively (indexOf), its bytes are not looked at one by one.
    const { d, q } = this;
    const pair = Buffer.from([d, d]);
    const find = (what: number | Buffer, from: number) => {
      const at = chunk.indexOf(what, from);
      return at < 0 ? n : at;
    };
    let quoteAt = -1;
    let crAt = -1;
    let pairAt = -1;
    let p = 0;
    while (p < n) {
      const lf = find(LF, p);
      if (lf === n || this.inQuotes || this.open || this.lastWasCr) {
        this.scan(chunk, p, Math.min(lf + 1, n));
        p = lf + 1;
        continue;
      }
      if (quoteAt < p) quoteAt = find(q, p);
      if (crAt < p) crAt = find(CR, p);
      if (pairAt < p) pairAt = find(pair, p);
      const end = lf > p && chunk[lf - 1] === CR ? lf - 1 : lf;
      if (end === p || quoteAt < lf || crAt < end || pairAt < end - 1 || chunk[p] === d || chunk[end - 1] === d) {
        this.scan(chunk, p, lf + 1);
      } else if (this.skipHeader) this.skipHeader = false;
      else this.records++;
      p = lf + 1;
    }
  }

  /** Reads chunk[start, end) byte by byte: any CSV, any NULL string. */
  private scan(chunk: Buffer, start: number, end: number): void {
    const { d, q } = this;
    let { inQuotes, sawQuote, len, spellsNull } = this;
    let crAt = this.lastWasCr ? start - 1 : start - 2;
    let endAt = start - 1;
    /** Where the current field's unquoted bytes in this range start (those before are counted in len). */
    let from = start;
    const n = end;
    for (let i = start; i < n; i++) {
      if (inQuotes) {
        while (i < n && chunk[i] !== q) i++;
        if (i === n) break;
        inQuotes = false;
        from = i + 1;
        continue;
      }
      const b = chunk[i]!;
      // The fast path: a byte inside a field (most of them) costs four comparisons.
      if (b !== d && b !== LF && b !== CR && b !== q) continue;
      if (b === q) {
        if (i > from) {
          spellsNull &&= this.spells(chunk, from, i, len);
          len += i - from;
        }
        inQuotes = sawQuote = true;
        continue;
      }
      if (b !== d) {
        endAt = i;
        if (b === LF && crAt === i - 1) {
          from = i + 1; // the LF of a CRLF
          continue;
        }
        if (b === CR) crAt = i;
      }
      const size = len + i - from;
      this.endField(!sawQuote && size === this.nulLen && spellsNull && this.spells(chunk, from, i, len));
      if (b !== d) this.endRecord();
      sawQuote = false;
      len = 0;
      spellsNull = true;
      from = i + 1;
    }
    if (n > start) {
      if (!inQuotes && n > from) {
        spellsNull &&= this.spells(chunk, from, n, len);
        len += n - from;
      }
      this.lastWasCr = crAt === n - 1;
      this.open = endAt !== n - 1;
    }
    this.inQuotes = inQuotes;
    this.sawQuote = sawQuote;
    this.len = len;
    this.spellsNull = spellsNull;
  }

  /** Whether chunk[from, to) are the NULL string's bytes from `offset` on (a field's bytes after `offset` others). */
  private spells(chunk: Buffer, from: number, to: number, offset: number): boolean {
    const nul = this.nul;
    if (offset + to - from > this.nulLen) return false;
    for (let k = 0; k < to - from; k++) if (chunk[from + k] !== nul[offset + k]) return false;
    return true;
  }

  /** The counts once every chunk was fed (a last record without a newline counts). */
  finish(): CsvCounts {
    if (this.open) {
      this.endField(!this.sawQuote && this.spellsNull && this.len === this.nul.length);
      this.endRecord();
      this.open = false;
    }
    return { records: this.records, nulls: [...this.nulls] };
  }

  private endField(isNull: boolean): void {
    if (!this.skipHeader && isNull && this.col < this.nulls.length) this.nulls[this.col]!++;
    this.col++;
  }

  private endRecord(): void {
    if (this.skipHeader) this.skipHeader = false;
    else this.records++;
    this.col = 0;
  }
}

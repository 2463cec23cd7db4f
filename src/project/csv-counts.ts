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
  private readonly nulls: number[];
  private records = 0;
  private skipHeader: boolean;
  private inQuotes = false;
  private sawQuote = false;
  /** Bytes of the current field outside quotes so far, and whether they still spell the NULL string. */
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
    this.nulls = new Array<number>(columns).fill(0);
    this.skipHeader = fmt.header;
  }

  feed(chunk: Buffer): void {
    const { d, q, nul } = this;
    const nulLen = nul.length;
    let { inQuotes, sawQuote, len, spellsNull } = this;
    let crAt = this.lastWasCr ? -1 : -2;
    let endAt = -1;
    const n = chunk.length;
    for (let i = 0; i < n; i++) {
      const b = chunk[i]!;
      if (inQuotes) {
        if (b === q) inQuotes = false;
        continue;
      }
      if (b === q) {
        inQuotes = sawQuote = true;
      } else if (b === d) {
        this.endField(!sawQuote && spellsNull && len === nulLen);
        sawQuote = false;
        len = 0;
        spellsNull = true;
      } else if (b === LF || b === CR) {
        endAt = i;
        if (b === LF && crAt === i - 1) continue; // the LF of a CRLF
        if (b === CR) crAt = i;
        this.endField(!sawQuote && spellsNull && len === nulLen);
        this.endRecord();
        sawQuote = false;
        len = 0;
        spellsNull = true;
      } else {
        if (spellsNull && (len >= nulLen || nul[len] !== b)) spellsNull = false;
        len++;
      }
    }
    if (n > 0) {
      this.lastWasCr = crAt === n - 1;
      this.open = endAt !== n - 1;
    }
    this.inQuotes = inQuotes;
    this.sawQuote = sawQuote;
    this.len = len;
    this.spellsNull = spellsNull;
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

import { bindArgs } from '../args.js';
import { isInt, makeNumber, num, pythonNative, typeName } from '../values.js';
import { PyObject } from './protocol.js';
import { parseTime, strftime } from './strftime.js';

/**
 * dbt's `modules.datetime`: date, datetime and timedelta with Python's printing, attributes, methods
 * (strftime, strptime, isoformat, replace, weekday…) and arithmetic (date ± timedelta, date - date).
 * Datetimes are naive (no time zone), as datetime.datetime(...) makes them; time is kept to the microsecond.
 */

const US_PER_DAY = 86_400_000_000;
const pad = (n: number, w = 2) => String(n).padStart(w, '0');

function int(fn: string, v: unknown, dflt: number): number {
  if (v === undefined) return dflt;
  if (!isInt(v)) throw new TypeError(`${fn}() argument must be int, not ${typeName(v)}`);
  return num(v);
}

/** Days since 1970-01-01 of a proleptic Gregorian date. */
function epochDay(y: number, m: number, d: number): number {
  const t = new Date(0);
  t.setUTCFullYear(y, m - 1, d);
  return Math.round(t.getTime() / 86_400_000);
}

function civil(day: number): [number, number, number] {
  const t = new Date(day * 86_400_000);
  return [t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate()];
}

function checkDate(y: number, m: number, d: number): void {
  if (y < 1 || y > 9999) throw new Error(`ValueError: year ${y} is out of range`);
  if (m < 1 || m > 12) throw new Error('ValueError: month must be in 1..12');
  const last = new Date(Date.UTC(2000, m, 0)).getUTCDate() - (m === 2 && !isLeap(y) ? 1 : 0);
  if (d < 1 || d > last) throw new Error('ValueError: day is out of range for month');
}

const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

export class PyTimedelta extends PyObject {
  /** The whole duration in microseconds. */
  constructor(readonly us: number) {
    super();
  }
  get days(): number {
    return Math.floor(this.us / US_PER_DAY);
  }
  get seconds(): number {
    return Math.floor((this.us - this.days * US_PER_DAY) / 1_000_000);
  }
  get microseconds(): number {
    return this.us - this.days * US_PER_DAY - this.seconds * 1_000_000;
  }
  total_seconds(): unknown {
    return makeNumber(this.us / 1_000_000, true);
  }
  override __add__(o: unknown): unknown {
    return o instanceof PyTimedelta ? new PyTimedelta(this.us + o.us) : undefined;
  }
  override __sub__(o: unknown): unknown {
    return o instanceof PyTimedelta ? new PyTimedelta(this.us - o.us) : undefined;
  }
  override __cmp__(o: unknown): number | undefined {
    return o instanceof PyTimedelta ? this.us - o.us : undefined;
  }
  __repr__(): string {
    const parts = [
      ['days', this.days],
      ['seconds', this.seconds],
      ['microseconds', this.microseconds],
    ]
      .filter(([, v]) => v !== 0)
      .map(([k, v]) => `${k}=${v}`);
    return `datetime.timedelta(${parts.join(', ') || '0'})`;
  }
  toString(): string {
    const s = this.seconds;
    const clock = `${Math.floor(s / 3600)}:${pad(Math.floor(s / 60) % 60)}:${pad(s % 60)}`;
    const frac = this.microseconds ? `.${pad(this.microseconds, 6)}` : '';
    const d = this.days;
    return (d ? `${d} day${Math.abs(d) === 1 ? '' : 's'}, ` : '') + clock + frac;
  }
}

export class PyDate extends PyObject {
  constructor(
    readonly year: number,
    readonly month: number,
    readonly day: number,
  ) {
    super();
    checkDate(year, month, day);
  }
  /** Microseconds since the epoch (midnight for a date). */
  get epochUs(): number {
    return epochDay(this.year, this.month, this.day) * US_PER_DAY;
  }
  weekday(): number {
    return (((epochDay(this.year, this.month, this.day) + 3) % 7) + 7) % 7;
  }
  isoweekday(): number {
    return this.weekday() + 1;
  }
  strftime(format: unknown): string {
    return strftime(this, String(format));
  }
  isoformat(): string {
    return `${pad(this.year, 4)}-${pad(this.month)}-${pad(this.day)}`;
  }
  replace(...a: unknown[]): PyDate {
    const [y, m, d] = bindArgs('replace', ['year', 'month', 'day'], a);
    return new PyDate(int('replace', y, this.year), int('replace', m, this.month), int('replace', d, this.day));
  }
  /** A date moved by whole days of a timedelta (Python ignores the rest for a date). */
  protected shifted(us: number): PyObject {
    const [y, m, d] = civil(Math.floor((this.epochUs + us) / US_PER_DAY));
    return new PyDate(y, m, d);
  }
  override __add__(o: unknown): unknown {
    return o instanceof PyTimedelta ? this.shifted(o.us) : undefined;
  }
  override __sub__(o: unknown): unknown {
    if (o instanceof PyTimedelta) return this.shifted(-o.us);
    if (o instanceof PyDate && o instanceof PyDateTime === this instanceof PyDateTime)
      return new PyTimedelta(this.epochUs - o.epochUs);
    return undefined;
  }
  override __cmp__(o: unknown): number | undefined {
    return o instanceof PyDate && o instanceof PyDateTime === this instanceof PyDateTime
      ? this.epochUs - o.epochUs
      : undefined;
  }
  __repr__(): string {
    return `datetime.date(${this.year}, ${this.month}, ${this.day})`;
  }
  toString(): string {
    return this.isoformat();
  }
}

export class PyDateTime extends PyDate {
  constructor(
    year: number,
    month: number,
    day: number,
    readonly hour = 0,
    readonly minute = 0,
    readonly second = 0,
    readonly microsecond = 0,
  ) {
    super(year, month, day);
    if (hour < 0 || hour > 23) throw new Error('ValueError: hour must be in 0..23');
    if (minute < 0 || minute > 59) throw new Error('ValueError: minute must be in 0..59');
    if (second < 0 || second > 59) throw new Error('ValueError: second must be in 0..59');
    if (microsecond < 0 || microsecond > 999999) throw new Error('ValueError: microsecond must be in 0..999999');
  }
  static fromEpochUs(us: number): PyDateTime {
    const day = Math.floor(us / US_PER_DAY);
    let rest = us - day * US_PER_DAY;
    const [y, m, d] = civil(day);
    const h = Math.floor(rest / 3_600_000_000);
    rest -= h * 3_600_000_000;
    const mi = Math.floor(rest / 60_000_000);
    rest -= mi * 60_000_000;
    const s = Math.floor(rest / 1_000_000);
    return new PyDateTime(y, m, d, h, mi, s, Math.round(rest - s * 1_000_000));
  }
  override get epochUs(): number {
    return super.epochUs + ((this.hour * 60 + this.minute) * 60 + this.second) * 1_000_000 + this.microsecond;
  }
  get tzinfo(): null {
    return null;
  }
  date(): PyDate {
    return new PyDate(this.year, this.month, this.day);
  }
  override isoformat(sep: unknown = 'T'): string {
    const frac = this.microsecond ? `.${pad(this.microsecond, 6)}` : '';
    return `${super.isoformat()}${String(sep)}${pad(this.hour)}:${pad(this.minute)}:${pad(this.second)}${frac}`;
  }
  override replace(...a: unknown[]): PyDateTime {
    const names = ['year', 'month', 'day', 'hour', 'minute', 'second', 'microsecond'] as const;
    const given = bindArgs('replace', names, a);
    const v = names.map((n, i) => int('replace', given[i], this[n]));
    return new PyDateTime(v[0]!, v[1]!, v[2]!, v[3], v[4], v[5], v[6]);
  }
  protected override shifted(us: number): PyObject {
    return PyDateTime.fromEpochUs(this.epochUs + us);
  }
  override __repr__(): string {
    const parts = [this.year, this.month, this.day, this.hour, this.minute, this.second, this.microsecond];
    while (parts.length > 5 && parts[parts.length - 1] === 0) parts.pop();
    return `datetime.datetime(${parts.join(', ')})`;
  }
  override toString(): string {
    return this.isoformat(' ');
  }
}

function timedelta(...a: unknown[]): PyTimedelta {
  const names = ['days', 'seconds', 'microseconds', 'milliseconds', 'minutes', 'hours', 'weeks'];
  const scale = [US_PER_DAY, 1e6, 1, 1e3, 6e7, 3.6e9, 7 * US_PER_DAY];
  const values = bindArgs('timedelta', names, a);
  return new PyTimedelta(
    Math.round(values.reduce<number>((t, v, i) => t + (v === undefined ? 0 : num(v)) * scale[i]!, 0)),
  );
}

function nowUs(): number {
  return Date.now() * 1000;
}

const date = Object.assign(
  pythonNative((...a: unknown[]) => {
    const [y, m, d] = bindArgs('date', ['year', 'month', 'day'], a);
    return new PyDate(int('date', y, NaN), int('date', m, NaN), int('date', d, NaN));
  }),
  {
    today: () => PyDateTime.fromEpochUs(nowUs()).date(),
    fromisoformat: (s: unknown) => {
      const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(s));
      if (!m) throw new Error(`ValueError: Invalid isoformat string: '${String(s)}'`);
      return new PyDate(Number(m[1]), Number(m[2]), Number(m[3]));
    },
  },
);

const datetime = Object.assign(
  pythonNative((...a: unknown[]) => {
    const names = ['year', 'month', 'day', 'hour', 'minute', 'second', 'microsecond'];
    const v = bindArgs('datetime', names, a).map((x, i) => int('datetime', x, i < 3 ? NaN : 0));
    return new PyDateTime(v[0]!, v[1]!, v[2]!, v[3], v[4], v[5], v[6]);
  }),
  {
    now: () => PyDateTime.fromEpochUs(nowUs()),
    utcnow: () => PyDateTime.fromEpochUs(nowUs()),
    strptime: (s: unknown, format: unknown) => {
      const f = parseTime(String(s), String(format));
      return new PyDateTime(f.year, f.month, f.day, f.hour, f.minute, f.second, f.microsecond);
    },
    fromisoformat: (s: unknown) => {
      const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?)?$/.exec(String(s));
      if (!m) throw new Error(`ValueError: Invalid isoformat string: '${String(s)}'`);
      const [y, mo, d, h, mi, sec] = m.slice(1, 7).map((x) => Number(x ?? 0));
      return new PyDateTime(y!, mo!, d!, h, mi, sec, Number((m[7] ?? '').padEnd(6, '0')));
    },
  },
);

export const DATETIME_MODULE = {
  date,
  datetime,
  timedelta: pythonNative(timedelta),
  MINYEAR: 1,
  MAXYEAR: 9999,
};

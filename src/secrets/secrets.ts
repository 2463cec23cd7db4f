/**
 * Secrets known to this process, and the one function that takes them out of
 * text on its way out (console, logs, target/). A value becomes known when
 * the project resolves it: the target's password, and the value of every
 * env_var() read whose name marks it secret. Scrubbing replaces each known
 * value with MARKER, as dbt does.
 */

export const MARKER = '*****';

/**
 * Shorter values can't be told apart from ordinary words ("test", "main"):
 * scrubbing them would mangle every artifact, so they are not scrubbed and
 * the caller warns instead.
 */
export const MIN_SECRET_LENGTH = 6;

/**
 * dbt's rule (DBT_ENV_SECRET_*), plus the names people give secrets:
 * …PASSWORD…, …PASSWD…, …SECRET…, …TOKEN…, …CREDENTIAL…, and a key named as
 * one (KEY, API_KEY, APIKEY, ACCESS_KEY, any …_KEY…). KEY inside a word
 * (MONKEY_NAME, KEYBOARD) is not.
 */
export function isSecretEnvName(name: string): boolean {
  const n = name.toUpperCase();
  if (n.startsWith('DBT_ENV_SECRET_')) return true;
  if (/PASSWORD|PASSWD|SECRET|TOKEN|CREDENTIAL/.test(n)) return true;
  return /(^|_)(API|ACCESS|PRIVATE|AUTH|SIGNING|ENCRYPTION)?_?KEY($|_)/.test(n);
}

const known = new Set<string>();
/** Every form a secret can take in our output: as is, JSON-escaped, SQL-quoted (' doubled). */
let forms: string[] = [];
const tooShort = new Set<string>();

/**
 * Remembers a value to scrub from all output. Returns false when it is too
 * short to be scrubbed safely (the caller should warn, naming where it came from).
 */
export function rememberSecret(value: string | undefined, source: string): boolean {
  if (value === undefined || value.trim() === '') return true;
  if (value.length < MIN_SECRET_LENGTH) {
    tooShort.add(source);
    return false;
  }
  if (known.has(value)) return true;
  known.add(value);
  const variants = new Set([value, JSON.stringify(value).slice(1, -1), value.replace(/'/g, "''")]);
  // Longest first: a secret that contains another is replaced whole.
  forms = [...new Set([...forms, ...variants])].sort((a, b) => b.length - a.length);
  return true;
}

/** Whether any secret is known (output is then scrubbed, so output kept from earlier may not be copied). */
export function secretsKnown(): boolean {
  return forms.length > 0;
}

/** The env_var() read of `name`: remembered when the name marks it secret. */
export function rememberEnvRead(name: string, value: string | undefined): void {
  if (value !== undefined && isSecretEnvName(name)) rememberSecret(value, `environment variable ${name}`);
}

/** Where secrets too short to scrub came from (each reported once), e.g. "environment variable DB_PASSWORD". */
export function takeUnscrubbableSources(): string[] {
  const out = [...tooShort];
  tooShort.clear();
  return out;
}

/** Text with every known secret replaced by MARKER. */
export function scrubText(text: string): string {
  if (forms.length === 0) return text;
  let out = text;
  for (const f of forms) if (out.includes(f)) out = out.split(f).join(MARKER);
  return out;
}

/** A JSON-like value with every string (keys included) scrubbed; the structure is kept. */
export function scrubValue<T>(value: T): T {
  if (forms.length === 0) return value;
  return walk(value) as T;
}

function walk(value: unknown): unknown {
  if (typeof value === 'string') return scrubText(value);
  if (Array.isArray(value)) return value.map(walk);
  if (value && typeof value === 'object') {
    const proto: unknown = Object.getPrototypeOf(value);
    // Plain records (null-prototype ones too); class instances (a Date) are kept as they are.
    if (proto === Object.prototype || proto === null)
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [scrubText(k), walk(v)]));
  }
  return value;
}

/**
 * One line of output: a JSON line is scrubbed value by value (replacing text
 * inside it could break its syntax, e.g. a secret "1234" in a number), any
 * other line as text.
 */
export function scrubLine(line: string): string {
  if (forms.length === 0) return line;
  const scrubbed = scrubText(line);
  if (scrubbed === line) return line;
  const t = line.trimStart();
  if (t.startsWith('{') || t.startsWith('[')) {
    try {
      return JSON.stringify(scrubValue(JSON.parse(line)));
    } catch {
      // not JSON after all
    }
  }
  return scrubbed;
}

/** Tests only: forget every secret. */
export function forgetSecrets(): void {
  known.clear();
  forms = [];
  tooShort.clear();
}

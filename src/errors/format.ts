import type { SourceLocation, TsmodelError } from './tsmodel-error.js';

export function formatLocation(loc: SourceLocation | undefined): string {
  if (!loc) return '';
  let out = loc.file;
  if (loc.line !== undefined) {
    out += `:${loc.line}`;
    if (loc.column !== undefined) out += `:${loc.column}`;
  }
  return out;
}

/** One paragraph: "file:line:col: message" then the hint on its own line. */
export function formatError(err: TsmodelError, options: { debug?: boolean } = {}): string {
  const where = formatLocation(err.location);
  const head = where ? `${where}: ${err.message}` : err.message;
  const lines = [head];
  if (err.hint) lines.push(`  hint: ${err.hint}`);
  if (options.debug && err.stack) lines.push(err.stack);
  if (options.debug && err.cause instanceof Error && err.cause.stack) lines.push(`caused by: ${err.cause.stack}`);
  return lines.join('\n');
}

/** The closest candidate by edit distance, when it is close enough to be a likely typo. */
export function nearestName(name: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDist = Infinity;
  for (const c of candidates) {
    const d = editDistance(name.toLowerCase(), c.toLowerCase());
    if (d < bestDist) {
      best = c;
      bestDist = d;
    }
  }
  if (best === undefined) return undefined;
  const limit = Math.max(2, Math.floor(name.length / 3));
  return bestDist <= limit ? best : undefined;
}

export function editDistance(a: string, b: string): number {
  const prev = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length]!;
}

/** A warn_if / error_if condition on the failure count, e.g. '>10' or '!= 0'. */
export interface Threshold {
  op: '==' | '!=' | '>' | '>=' | '<' | '<=';
  value: number;
  /** As written, normalized: "!= 0". */
  text: string;
}

const THRESHOLD = /^\s*(==|=|!=|<>|>=|<=|>|<)\s*(\d+(?:\.\d+)?)\s*$/;

/** Parses '>10', '!=0', '= 0', '<> 0'; undefined when malformed. */
export function parseThreshold(raw: unknown): Threshold | undefined {
  if (typeof raw === 'number') raw = `== ${raw}`;
  if (typeof raw !== 'string') return undefined;
  const m = THRESHOLD.exec(raw);
  if (!m) return undefined;
  const op = m[1] === '=' ? '==' : m[1] === '<>' ? '!=' : (m[1] as Threshold['op']);
  return { op, value: Number(m[2]), text: `${op} ${m[2]}` };
}

export function holds(t: Threshold, n: number): boolean {
  switch (t.op) {
    case '==':
      return n === t.value;
    case '!=':
      return n !== t.value;
    case '>':
      return n > t.value;
    case '>=':
      return n >= t.value;
    case '<':
      return n < t.value;
    case '<=':
      return n <= t.value;
  }
}

export interface Verdict {
  status: 'pass' | 'warn' | 'fail';
  message: string;
}

/**
 * dbt's rule: with severity error, error_if decides a failure first, then
 * warn_if a warning; with severity warn, only warn_if is looked at, so such a
 * test can warn but never fail.
 */
export function verdict(
  failures: number,
  evaluated: number,
  cfg: { severity: 'error' | 'warn'; warnIf: Threshold; errorIf: Threshold },
): Verdict {
  const got = `Got ${failures} failing row${failures === 1 ? '' : 's'} of ${evaluated} evaluated`;
  if (cfg.severity === 'error' && holds(cfg.errorIf, failures))
    return { status: 'fail', message: `${got}, configured to fail if ${cfg.errorIf.text}` };
  if (holds(cfg.warnIf, failures))
    return { status: 'warn', message: `${got}, configured to warn if ${cfg.warnIf.text}` };
  return { status: 'pass', message: failures === 0 ? 'PASS' : `${got}, within the thresholds` };
}

/**
 * The version rules of dbt packages: versions are major.minor.patch with an
 * optional pre-release (1.2.0-b1); a requirement is an exact version or a
 * comparison (">=1.0.0", "<2.0.0", "=1.1.0"); a package's requirement is the
 * list of all its comparisons, and every requirer adds its own.
 */
export interface Version {
  major: number;
  minor: number;
  patch: number;
  prerelease: string;
}

export type Comparator = '=' | '>=' | '>' | '<=' | '<';

export interface Constraint {
  op: Comparator;
  version: Version;
  /** As written, for messages. */
  text: string;
}

const VERSION = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/;
const CONSTRAINT = /^\s*(>=|<=|>|<|==|=)?\s*(\S+)\s*$/;

export function parseVersion(text: string): Version | undefined {
  const m = VERSION.exec(text.trim());
  if (!m) return undefined;
  return { major: Number(m[1]), minor: Number(m[2] ?? 0), patch: Number(m[3] ?? 0), prerelease: m[4] ?? '' };
}

/** Negative, zero or positive, as a sort comparator; a pre-release sorts before its release. */
export function compareVersions(a: Version, b: Version): number {
  if (a.major !== b.major) return a.major - b.major;
  if (a.minor !== b.minor) return a.minor - b.minor;
  if (a.patch !== b.patch) return a.patch - b.patch;
  if (a.prerelease === b.prerelease) return 0;
  if (a.prerelease === '') return 1;
  if (b.prerelease === '') return -1;
  return a.prerelease < b.prerelease ? -1 : 1;
}

export function formatVersion(v: Version): string {
  return `${v.major}.${v.minor}.${v.patch}${v.prerelease ? `-${v.prerelease}` : ''}`;
}

/** ">=1.0.0" → a constraint; undefined when it is not one. */
export function parseConstraint(text: string): Constraint | undefined {
  const m = CONSTRAINT.exec(text);
  if (!m) return undefined;
  const version = parseVersion(m[2]!);
  if (!version) return undefined;
  const op = (m[1] === '==' || m[1] === undefined ? '=' : m[1]) as Comparator;
  return { op, version, text: text.trim() };
}

export function satisfies(v: Version, c: Constraint): boolean {
  const d = compareVersions(v, c.version);
  switch (c.op) {
    case '=':
      return d === 0;
    case '>=':
      return d >= 0;
    case '>':
      return d > 0;
    case '<=':
      return d <= 0;
    case '<':
      return d < 0;
  }
}

/**
 * The highest version meeting every constraint. Pre-releases are candidates
 * only when asked for, or when a constraint names a pre-release exactly.
 */
export function pickVersion(
  available: readonly string[],
  constraints: readonly Constraint[],
  allowPrerelease = false,
): string | undefined {
  let best: { text: string; v: Version } | undefined;
  for (const text of available) {
    const v = parseVersion(text);
    if (!v) continue;
    const pinned = constraints.some((c) => c.op === '=' && compareVersions(c.version, v) === 0);
    if (v.prerelease && !allowPrerelease && !pinned) continue;
    if (!constraints.every((c) => satisfies(v, c))) continue;
    if (!best || compareVersions(v, best.v) > 0) best = { text, v };
  }
  return best?.text;
}

/** Whether some version could meet every constraint (checked on the bounds, not on a list of releases). */
export function compatible(constraints: readonly Constraint[]): boolean {
  // The candidate points: every bound, and just above / below it.
  const points: Version[] = [];
  for (const c of constraints) {
    const v = c.version;
    points.push(v, { ...v, patch: v.patch + 1, prerelease: '' });
    if (v.patch > 0) points.push({ ...v, patch: v.patch - 1, prerelease: '' });
    else if (v.minor > 0) points.push({ ...v, minor: v.minor - 1, patch: 999999, prerelease: '' });
    else if (v.major > 0) points.push({ major: v.major - 1, minor: 999999, patch: 999999, prerelease: '' });
  }
  if (points.length === 0) return true;
  return points.some((p) => constraints.every((c) => satisfies(p, c)));
}

/**
 * Locale-free formatting. Money is kept in integer cents and printed with two
 * decimals by hand; time is kept as UTC epoch days / seconds and printed as
 * ISO `YYYY-MM-DD` / `YYYY-MM-DD HH:MM:SS`. Nothing here reads the clock, the
 * time zone or the locale, so the output is the same on every machine.
 */

export const SECONDS_PER_DAY = 86_400;

/** Epoch day (days since 1970-01-01, UTC) of an ISO date `YYYY-MM-DD`. */
export function dayOf(isoDate: string): number {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  return Math.round(Date.UTC(y, m - 1, d) / 86_400_000);
}

/** `YYYY-MM-DD` of an epoch day. */
export function formatDay(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

/** `YYYY-MM-DD HH:MM:SS` of epoch seconds. */
export function formatTimestamp(seconds: number): string {
  const iso = new Date(seconds * 1000).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
}

/** Day of week of an epoch day: 0 = Sunday … 6 = Saturday. */
export function weekday(day: number): number {
  return (((day + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
}

/** Month 1–12 of an epoch day. */
export function monthOf(day: number): number {
  return new Date(day * 86_400_000).getUTCMonth() + 1;
}

/** Cents as `-12.34` / `0.05` / `1234.00`. */
export function formatCents(cents: number): string {
  const c = Math.round(cents);
  const abs = Math.abs(c);
  const whole = Math.floor(abs / 100);
  const frac = abs % 100;
  return `${c < 0 ? '-' : ''}${whole}.${frac < 10 ? '0' : ''}${frac}`;
}

/** Percent points (0–100, may be outside) as a fraction with two decimals: 15 → `0.15`. */
export function formatPercent(points: number): string {
  return formatCents(points);
}

/** `prefix` + zero-padded number, e.g. id('CUST', 7, 4) = `CUST0007`. */
export function formatId(prefix: string, n: number, width: number): string {
  return prefix + String(n).padStart(width, '0');
}

/** Digits needed to write n. */
export function digits(n: number): number {
  return String(Math.max(0, Math.floor(n))).length;
}

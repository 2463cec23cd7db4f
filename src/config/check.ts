import { TsmodelError } from '../errors/index.js';
import type { YamlDocument, YamlPath } from './yaml.js';

/** True for a plain YAML mapping (not a list, not null). */
export function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** "a list", "a number (3)", … — never the value of a secret. */
export function describeValue(value: unknown, secret = false): string {
  if (value === null || value === undefined) return 'nothing (null)';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (secret) return `a ${typeof value}`;
  const shown = typeof value === 'string' ? `'${value.length > 40 ? `${value.slice(0, 40)}…` : value}'` : String(value);
  return `a ${typeof value} (${shown})`;
}

/**
 * Type checks for values read from a YAML file: each failure becomes a
 * TsmodelError('config') at the value's line and column, collected in `errors`.
 */
export class ValueChecker {
  readonly errors: TsmodelError[] = [];

  constructor(
    private readonly doc: YamlDocument,
    /** Keys whose values must never appear in a message (passwords). */
    private readonly secretKeys: ReadonlySet<string> = new Set(),
  ) {}

  fail(path: YamlPath, message: string, hint: string): undefined {
    this.errors.push(new TsmodelError('config', message, { location: this.doc.locateValue(path), hint }));
    return undefined;
  }

  private wrongType(path: YamlPath, label: string, expected: string, value: unknown, example: string): undefined {
    const secret = this.secretKeys.has(String(path[path.length - 1]));
    return this.fail(
      path,
      `${label} must be ${expected}, got ${describeValue(value, secret)}`,
      `expected ${expected}, e.g. ${example}`,
    );
  }

  /** A string; with `lenient`, bare numbers and booleans (version: 1.0, password: 1234) count as text. */
  string(path: YamlPath, value: unknown, label: string, example: string, lenient = false): string | undefined {
    if (typeof value === 'string') return value;
    if (lenient && (typeof value === 'number' || typeof value === 'boolean')) return String(value);
    return this.wrongType(path, label, 'a string', value, example);
  }

  /** A list of strings; a single string counts as a one-item list, null as an empty one. */
  stringList(path: YamlPath, value: unknown, label: string, example: string): string[] | undefined {
    if (value === null || value === undefined) return [];
    if (typeof value === 'string') return [value];
    if (!Array.isArray(value)) return this.wrongType(path, label, 'a list of strings', value, example);
    const out: string[] = [];
    let ok = true;
    value.forEach((item, i) => {
      if (typeof item === 'string') out.push(item);
      else {
        ok = false;
        this.wrongType([...path, i], `${label}[${i}]`, 'a string', item, example);
      }
    });
    return ok ? out : undefined;
  }

  /** A mapping; null counts as an empty one. */
  mapping(path: YamlPath, value: unknown, label: string, example: string): Record<string, unknown> | undefined {
    if (value === null || value === undefined) return {};
    if (isMapping(value)) return value;
    return this.wrongType(path, label, 'a mapping', value, example);
  }

  /** An integer within bounds; numeric strings (rendered templates) are accepted. */
  integer(
    path: YamlPath,
    value: unknown,
    label: string,
    example: string,
    min = 0,
    max = Number.MAX_SAFE_INTEGER,
  ): number | undefined {
    const n = toNumber(value);
    if (n === undefined || !Number.isInteger(n)) return this.wrongType(path, label, 'an integer', value, example);
    if (n < min || n > max)
      return this.fail(path, `${label} must be between ${min} and ${max}, got ${n}`, `e.g. ${example}`);
    return n;
  }

  /** A non-negative number; numeric strings are accepted. */
  number(path: YamlPath, value: unknown, label: string, example: string): number | undefined {
    const n = toNumber(value);
    if (n === undefined) return this.wrongType(path, label, 'a number', value, example);
    if (n < 0) return this.fail(path, `${label} must not be negative, got ${n}`, `e.g. ${example}`);
    return n;
  }

  boolean(path: YamlPath, value: unknown, label: string, example: string): boolean | undefined {
    if (typeof value === 'boolean') return value;
    if (typeof value === 'string' && /^(true|false)$/i.test(value.trim())) return value.trim().toLowerCase() === 'true';
    return this.wrongType(path, label, 'true or false', value, example);
  }
}

function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value)) return Number(value);
  return undefined;
}

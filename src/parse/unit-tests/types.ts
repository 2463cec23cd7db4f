import type { SourceLocation } from '../../errors/index.js';

/** A value as written in a fixture, in text form (SQL casts it to the column's type); null is SQL NULL. */
export type Cell = string | null;

/** One row of a fixture: the columns it names, and where it is written. */
export interface FixtureRow {
  values: Record<string, Cell>;
  location: SourceLocation;
}

/** Rows given as dict (the default) or csv: only the named columns have values, the others are NULL. */
export interface RowsFixture {
  format: 'dict' | 'csv';
  /** Every column some row names, in order of first appearance. */
  columns: string[];
  rows: FixtureRow[];
  location: SourceLocation;
}

/** A query returning the rows (format: sql): it must select every column. */
export interface SqlFixture {
  format: 'sql';
  sql: string;
  location: SourceLocation;
}

export type Fixture = RowsFixture | SqlFixture;

/** A fixture as written in YAML, before `fixture: name` is looked up under tests/fixtures. */
export interface RawFixture {
  format: 'dict' | 'csv' | 'sql';
  rows?: unknown;
  fixture?: string;
  /** Where `rows:` (or the entry itself) is written; inline CSV lines count from the line after it. */
  location: SourceLocation;
  /** Where each item of a dict `rows:` list is written. */
  rowLocations: SourceLocation[];
}

/** What `input:` names: a ref, a source, or `this` (an incremental model's existing rows). */
export type InputTarget =
  | { kind: 'ref'; name: string; package?: string; version?: string | number }
  | { kind: 'source'; source: string; table: string }
  | { kind: 'this' };

export interface RawGiven {
  input: string;
  target?: InputTarget;
  fixture: RawFixture;
  location: SourceLocation;
}

/** One `unit_tests:` entry as written in a YAML file. */
export interface UnitTestEntry {
  name: string;
  model: string;
  description: string;
  given: RawGiven[];
  expect: RawFixture;
  overrides: { macros: Record<string, unknown>; vars: Record<string, unknown>; envVars: Record<string, string> };
  config: Record<string, unknown>;
  versions?: { include?: (string | number)[]; exclude?: (string | number)[] };
  file: string;
  location: SourceLocation;
}

/** An input of a unit test, resolved against the model's parents. */
export interface UnitTestInput {
  /** As written: ref('x'), source('s', 't') or this. */
  input: string;
  target: InputTarget;
  /** The parent's unique id (the model's own id for `this`). */
  nodeId: string;
  fixture: Fixture;
  location: SourceLocation;
}

/** What a unit test node carries (ProjectNode.unitTest). */
export interface UnitTestSpec {
  model: string;
  modelId: string;
  given: UnitTestInput[];
  expect: Fixture;
  overrides: UnitTestEntry['overrides'];
  file: string;
}

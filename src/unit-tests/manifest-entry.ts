import type { ProjectNode } from '../parse/index.js';
import type { Fixture } from '../parse/unit-tests/types.js';

function fixtureEntry(f: Fixture): Record<string, unknown> {
  if (f.format === 'sql') return { format: 'sql', rows: f.sql };
  return { format: f.format, rows: f.rows.map((r) => r.values) };
}

/** A unit test's own fields in manifest.json (under unit_tests, as dbt writes them). */
export function unitTestEntry(n: ProjectNode): Record<string, unknown> {
  const u = n.unitTest!;
  return {
    model: u.model,
    attached_node: u.modelId,
    given: u.given.map((g) => ({ input: g.input, ...fixtureEntry(g.fixture) })),
    expect: fixtureEntry(u.expect),
    overrides: { macros: u.overrides.macros, vars: u.overrides.vars, env_vars: u.overrides.envVars },
  };
}

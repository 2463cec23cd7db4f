import { clipBytes, MAX_IDENT } from '../sql/identifiers.js';
import { TsmodelError } from '../errors/index.js';
import type { ProjectNode } from './types.js';

/** The name PostgreSQL stores for `name`: cut to 63 bytes, never inside a character (as pg_mbcliplen does). */
export const storedName = (name: string): string => clipBytes(name, MAX_IDENT);

/** The nodes that build a relation of their own: models (not ephemeral), seeds and snapshots. */
function buildsRelation(n: ProjectNode): boolean {
  if (!n.relation) return false;
  if (n.resourceType === 'model') return n.config.materialized !== 'ephemeral';
  return n.resourceType === 'seed' || n.resourceType === 'snapshot';
}

const label = (n: ProjectNode) => `${n.resourceType} '${n.name}' (${n.originalFilePath})`;

/**
 * The relation names of the nodes that build one, checked before anything
 * runs. A schema or identifier over 63 bytes is refused (as dbt-postgres
 * does): PostgreSQL would create it under a cut name while every later lookup
 * used the full one. Two nodes resolving to one relation are refused too
 * (dbt's "two resources with the database representation …"): one would
 * silently replace the other. Names are compared as PostgreSQL stores the
 * quoted identifiers tsmodel writes: case kept, cut at 63 bytes.
 */
export function checkRelationNames(nodes: readonly ProjectNode[]): TsmodelError[] {
  const errors: TsmodelError[] = [];
  const byRelation = new Map<string, ProjectNode>();
  for (const n of nodes) {
    if (!buildsRelation(n)) continue;
    const { schema, identifier } = n.relation!;
    for (const [part, value] of [
      ['identifier', identifier],
      ['schema', schema],
    ] as const) {
      const bytes = Buffer.byteLength(value);
      if (bytes <= MAX_IDENT) continue;
      errors.push(
        new TsmodelError(
          'compile',
          `The ${part} of ${n.resourceType} '${n.name}' is ${bytes} bytes long: "${value}". PostgreSQL ` +
            `allows ${MAX_IDENT} and would cut it to "${storedName(value)}"`,
          {
            location: n.location.file ? n.location : { file: n.originalFilePath },
            hint:
              part === 'identifier'
                ? `Give it a name of at most ${MAX_IDENT} bytes: rename the file or set {{ config(alias='…') }}.`
                : `Use a schema name of at most ${MAX_IDENT} bytes (the schema config, the target's schema, or generate_schema_name).`,
          },
        ),
      );
    }
    const key = `${storedName(schema)}\u0000${storedName(identifier)}`;
    const prev = byRelation.get(key);
    if (!prev) {
      byRelation.set(key, n);
      continue;
    }
    if (prev.name === n.name) continue; // "Two nodes are named …" already says it
    errors.push(
      new TsmodelError(
        'graph-duplicate',
        `Two nodes resolve to the database relation "${storedName(schema)}"."${storedName(identifier)}": ` +
          `${label(prev)} and ${label(n)}. Each would replace the other's table or view`,
        {
          location: n.location.file ? n.location : { file: n.originalFilePath },
          hint: `Give one of them another alias or schema (config alias= or schema=) so that each builds its own relation.`,
        },
      ),
    );
  }
  return errors;
}

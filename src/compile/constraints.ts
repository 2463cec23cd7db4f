import { TsmodelError } from '../errors/index.js';
import type { ConstraintDef } from '../materialize/index.js';
import type { ProjectNode } from '../parse/index.js';

const TYPES = new Set(['primary_key', 'unique', 'not_null', 'check', 'foreign_key']);

function list(v: unknown): string[] {
  if (v === undefined || v === null) return [];
  return (Array.isArray(v) ? v : [v]).map(String);
}

/**
 * Every constraint a node declares, model-level (config.constraints) and
 * column-level (columns[].constraints), normalized. `renderTo` turns a
 * foreign key's `to: ref('x')` into the quoted relation.
 */
export function resolveConstraints(node: ProjectNode, renderTo: (expr: string) => string): ConstraintDef[] {
  const file = node.patchPath ?? node.originalFilePath;
  const out: ConstraintDef[] = [];
  const add = (raw: Record<string, unknown>, column?: string) => {
    const type = String(raw.type ?? '');
    if (!TYPES.has(type)) {
      throw new TsmodelError('config', `${node.name}: unknown constraint type '${type}'`, {
        location: { file },
        hint: 'Use primary_key, unique, not_null, check or foreign_key.',
      });
    }
    const columns = column ? [column] : list(raw.columns);
    if (type !== 'check' && columns.length === 0) {
      throw new TsmodelError('config', `${node.name}: a ${type} constraint needs columns: [...]`, {
        location: { file },
      });
    }
    const def: ConstraintDef = {
      type: type as ConstraintDef['type'],
      columns,
      name: raw.name === undefined ? undefined : String(raw.name),
    };
    if (type === 'check') {
      if (!raw.expression)
        throw new TsmodelError('config', `${node.name}: a check constraint needs an expression`, {
          location: { file },
        });
      def.expression = String(raw.expression);
    }
    if (type === 'foreign_key') {
      if (raw.to) {
        def.toRelation = renderTo(String(raw.to));
        def.toColumns = list(raw.to_columns);
      } else if (raw.expression) {
        def.toRelation = String(raw.expression);
      } else {
        throw new TsmodelError(
          'config',
          `${node.name}: a foreign_key constraint needs to: ref('model') and to_columns, or an expression`,
          { location: { file } },
        );
      }
    }
    out.push(def);
  };
  const modelLevel = node.config.constraints;
  if (Array.isArray(modelLevel))
    for (const c of modelLevel) if (c && typeof c === 'object') add(c as Record<string, unknown>);
  for (const col of Object.values(node.columns)) for (const c of col.constraints) add(c, col.name);
  return out;
}

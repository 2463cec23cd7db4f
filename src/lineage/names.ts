import { list, nodeOf, str, sval, type Ast } from './parser.js';

const SQL_VALUE_FUNCTIONS: Record<string, string> = {
  SVFOP_CURRENT_DATE: 'current_date',
  SVFOP_CURRENT_TIME: 'current_time',
  SVFOP_CURRENT_TIME_N: 'current_time',
  SVFOP_CURRENT_TIMESTAMP: 'current_timestamp',
  SVFOP_CURRENT_TIMESTAMP_N: 'current_timestamp',
  SVFOP_LOCALTIME: 'localtime',
  SVFOP_LOCALTIME_N: 'localtime',
  SVFOP_LOCALTIMESTAMP: 'localtimestamp',
  SVFOP_LOCALTIMESTAMP_N: 'localtimestamp',
  SVFOP_CURRENT_ROLE: 'current_role',
  SVFOP_CURRENT_USER: 'current_user',
  SVFOP_USER: 'user',
  SVFOP_SESSION_USER: 'session_user',
  SVFOP_CURRENT_CATALOG: 'current_catalog',
  SVFOP_CURRENT_SCHEMA: 'current_schema',
};

/** The last part of a dotted name list (`pg_catalog.int4` → int4). */
function lastName(names: unknown): string | undefined {
  return sval(list(names).at(-1));
}

/** PostgreSQL's type names for what `x::int` calls its column when x has no name of its own. */
const TYPE_NAMES: Record<string, string> = { int4: 'int4', int8: 'int8', float8: 'float8', bool: 'bool' };

/**
 * The name PostgreSQL gives an output column written without `as` (its FigureColname): a column's
 * own name, a function's name, `case`, `coalesce`, … or `?column?`.
 */
export function figureColname(expr: unknown): string {
  return figure(expr) ?? '?column?';
}

function figure(expr: unknown): string | undefined {
  const n = nodeOf(expr);
  if (!n) return undefined;
  const [kind, body] = n;
  switch (kind) {
    case 'ColumnRef': {
      const last = nodeOf(list(body.fields).at(-1));
      return last && last[0] === 'String' ? str(last[1].sval) : undefined;
    }
    case 'A_Indirection': {
      const last = nodeOf(list(body.indirection).at(-1));
      if (last && last[0] === 'String') return str(last[1].sval);
      return figure(body.arg);
    }
    case 'FuncCall':
      return lastName(body.funcname);
    case 'A_Expr':
      return str(body.kind) === 'AEXPR_NULLIF' ? 'nullif' : undefined;
    case 'TypeCast': {
      const inner = figure(body.arg);
      if (inner) return inner;
      const type = lastName((body.typeName as Ast | undefined)?.names);
      return type ? (TYPE_NAMES[type] ?? type) : undefined;
    }
    case 'CollateClause':
      return figure(body.arg);
    case 'SubLink': {
      const type = str(body.subLinkType);
      if (type === 'EXISTS_SUBLINK') return 'exists';
      if (type === 'ARRAY_SUBLINK') return 'array';
      if (type === 'EXPR_SUBLINK') {
        const select = nodeOf(body.subselect);
        const first = select ? nodeOf(list(select[1].targetList)[0]) : undefined;
        if (first) return str(first[1].name) ?? figure(first[1].val);
      }
      return undefined;
    }
    case 'CaseExpr':
      return 'case';
    case 'A_ArrayExpr':
      return 'array';
    case 'RowExpr':
      return 'row';
    case 'CoalesceExpr':
      return 'coalesce';
    case 'MinMaxExpr':
      return str(body.op) === 'IS_GREATEST' ? 'greatest' : 'least';
    case 'SQLValueFunction':
      return SQL_VALUE_FUNCTIONS[str(body.op) ?? ''];
    case 'XmlExpr':
      return 'xml';
    case 'GroupingFunc':
      return 'grouping';
    default:
      return undefined;
  }
}

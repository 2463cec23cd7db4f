import { TsmodelError, nearestName } from '../errors/index.js';
import { METHODS, METHOD_NAMES, isMethodName } from './methods.js';
import type { MethodName, SelectorAtom, SelectorExpr, SelectorIntersection } from './types.js';

/**
 * dbt's selector grammar:
 *
 *   selector     := term (WHITESPACE term)*          union
 *   term         := criterion (',' criterion)*       intersection
 *   criterion    := ['@'] [DIGITS? '+'] [method ':'] value ['+' DIGITS?]
 *   method       := name ('.' name)*                 e.g. tag, config.materialized
 *
 * Without a method, a value holding '/' is a path, one ending in .sql, .csv,
 * .py, .yml or .yaml is a file name, anything else is an fqn (name or folder).
 */

export const SYNTAX_HINT =
  "Selectors look like [@][N+][method:]value[+N], e.g. 'stg_orders+', '+tag:nightly', '2+path:models/marts', " +
  "'config.materialized:table'. Separate selectors with spaces for a union and with commas for an intersection.";

const FILE_EXTENSIONS = ['.sql', '.csv', '.py', '.yml', '.yaml'];

function syntaxError(selector: string, problem: string, hint: string = SYNTAX_HINT): TsmodelError {
  return new TsmodelError('selection', `Cannot parse the selector "${selector}": ${problem}`, { hint });
}

function defaultMethod(value: string): MethodName {
  if (value.includes('/') || value.includes('\\')) return 'path';
  const lower = value.toLowerCase();
  if (FILE_EXTENSIONS.some((ext) => lower.endsWith(ext))) return 'file';
  return 'fqn';
}

function parseDepth(digits: string): number | undefined {
  return digits === '' ? undefined : Number.parseInt(digits, 10);
}

/** Parses one criterion, e.g. `2+tag:nightly+`. `selector` is the whole text, for messages. */
export function parseAtom(raw: string, selector: string): SelectorAtom {
  let rest = raw;
  const childrensParents = rest.startsWith('@');
  if (childrensParents) rest = rest.slice(1);

  let parents = false;
  let parentsDepth: number | undefined;
  const prefix = /^(\d*)\+/.exec(rest);
  if (prefix) {
    parents = true;
    parentsDepth = parseDepth(prefix[1]!);
    rest = rest.slice(prefix[0].length);
  }

  let children = false;
  let childrenDepth: number | undefined;
  const suffix = /\+(\d*)$/.exec(rest);
  if (suffix) {
    children = true;
    childrenDepth = parseDepth(suffix[1]!);
    rest = rest.slice(0, suffix.index);
  }
  if (childrensParents && children) {
    throw syntaxError(
      selector,
      `"${raw}" combines the "@" prefix with a "+" suffix`,
      '"@x" already selects the descendants of x; drop the trailing "+".',
    );
  }

  const colon = rest.indexOf(':');
  const methodText = colon === -1 ? undefined : rest.slice(0, colon);
  const value = colon === -1 ? rest : rest.slice(colon + 1);

  const misplaced = /[@+]/.exec(value) ?? (methodText === undefined ? undefined : /[@+]/.exec(methodText));
  if (misplaced) {
    throw syntaxError(
      selector,
      `unexpected "${misplaced[0]}" in "${raw}"`,
      `"@" may only start a selector and "+" only start or end it. ${SYNTAX_HINT}`,
    );
  }
  if (value === '') throw syntaxError(selector, `"${raw}" has no value to select`);

  let method: MethodName;
  let methodArgs: string[] = [];
  if (methodText === undefined) {
    method = defaultMethod(value);
  } else {
    if (methodText === '') throw syntaxError(selector, `"${raw}" has nothing before ":"`);
    const [name = '', ...args] = methodText.split('.');
    if (!/^\w+$/.test(name) || args.some((a) => !/^[\w-]+$/.test(a))) {
      throw syntaxError(selector, `"${methodText}" is not a method name (in "${raw}")`);
    }
    if (!isMethodName(name)) {
      const near = nearestName(name, METHOD_NAMES);
      throw new TsmodelError('selection', `Unknown selector method "${name}" in "${raw}"`, {
        hint:
          `${near ? `Did you mean "${near}"? ` : ''}Known methods: ${METHOD_NAMES.join(', ')} ` +
          '(config takes a key, as in config.materialized:table).',
      });
    }
    method = name;
    methodArgs = args;
    const spec = METHODS[method];
    if (spec.args === 'required' && args.length === 0) {
      const hint = 'Write config.<key>:<value>, e.g. config.materialized:table.';
      throw syntaxError(selector, `"${raw}" needs a config key`, hint);
    }
    if (spec.args === 'none' && args.length > 0) {
      const problem = `the method "${name}" takes no ".${args.join('.')}" (in "${raw}")`;
      throw syntaxError(selector, problem, `Write ${name}:<value>.`);
    }
  }
  const problem = METHODS[method].checkValue?.(value);
  if (problem) {
    throw new TsmodelError('selection', `Invalid selector "${raw}": ${problem.message}`, { hint: problem.hint });
  }

  const atom: SelectorAtom = {
    kind: 'atom',
    raw,
    method,
    methodArgs,
    implicitMethod: methodText === undefined,
    value,
    childrensParents,
    parents,
    children,
  };
  if (parentsDepth !== undefined) atom.parentsDepth = parentsDepth;
  if (childrenDepth !== undefined) atom.childrenDepth = childrenDepth;
  return atom;
}

function parseTerm(term: string, selector: string): SelectorIntersection | SelectorAtom {
  const parts = term.split(',');
  if (parts.some((p) => p === '')) {
    const hint = `Commas join criteria without spaces, e.g. "tag:nightly,config.materialized:table". ${SYNTAX_HINT}`;
    throw syntaxError(selector, `"${term}" has an empty part around a comma`, hint);
  }
  const members = parts.map((p) => parseAtom(p, selector));
  return members.length === 1 ? members[0]! : { kind: 'intersection', raw: term, members };
}

/** Parses a selector such as `warehouse+ tag:nightly,config.materialized:table`. */
export function parseSelector(text: string): SelectorExpr {
  const selector = text.trim();
  if (selector === '') throw syntaxError(text, 'it is empty');
  const members = selector.split(/\s+/).map((term) => parseTerm(term, selector));
  return members.length === 1 ? members[0]! : { kind: 'union', raw: selector, members };
}

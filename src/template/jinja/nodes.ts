import nunjucks from 'nunjucks';

/**
 * The syntax tree: nunjucks' node classes, plus the few Jinja constructs nunjucks has no node for
 * (break, continue, do, slices, tuples, *args / **kwargs, call blocks, namespace assignment, filtered loops).
 */

/* eslint-disable @typescript-eslint/no-explicit-any */
export interface JNode {
  typename: string;
  lineno: number;
  colno: number;
  children: JNode[];
  fields: string[];
  findAll(type: NodeClass, results?: JNode[]): JNode[];
  [field: string]: any;
}
/* eslint-enable @typescript-eslint/no-explicit-any */

export type NodeClass = new (lineno: number, colno: number, ...fields: unknown[]) => JNode;

interface NodeModule {
  Node: NodeClass & { extend(name: string, props?: { fields: string[] }): NodeClass };
  [name: string]: NodeClass & { extend(name: string, props?: { fields: string[] }): NodeClass };
}

/** nunjucks' own node classes (Literal, Symbol, Output, If, For, Set, FunCall, …). */
export const nj = (nunjucks as unknown as { nodes: NodeModule }).nodes;

const define = (name: string, fields: string[]): NodeClass => nj.Node.extend(name, { fields });

export const Break = define('Break', []);
export const Continue = define('Continue', []);
export const Do = define('Do', ['expr']);
export const Slice = define('Slice', ['start', 'stop', 'step']);
export const Tuple = nj.NodeList!.extend('Tuple');
/** A call: positional args, keyword pairs, then optional *args and **kwargs expressions. */
export const Call = define('Call', ['callee', 'args', 'kwargs', 'starArgs', 'starKwargs']);
/** A filter or test application: the value, then the same argument lists as a call. */
export const FilterCall = define('FilterCall', ['name', 'value', 'args', 'kwargs', 'starArgs', 'starKwargs']);
export const TestCall = define('TestCall', ['name', 'value', 'args', 'kwargs', 'starArgs', 'starKwargs']);
/** `{% macro name(a, b=1) %}`: names, their default expressions (null when none), the body. */
export const MacroDef = define('MacroDef', ['name', 'params', 'defaults', 'body']);
/** `{% call(args) m(...) %}body{% endcall %}`: the call, with caller as a macro made of the body. */
export const CallBlock = define('CallBlock', ['call', 'caller']);
/** `{% filter f(args) %}body{% endfilter %}`. */
export const FilterBlock = define('FilterBlock', ['filter', 'body']);
/** `{% for target in iter if test %}…{% else %}…{% endfor %}`. */
export const ForLoop = define('ForLoop', ['target', 'iter', 'test', 'body', 'else_']);
/** `{% with a = x, b = y %}…{% endwith %}`: targets, their value expressions, the body. */
export const With = define('With', ['targets', 'values', 'body']);
/** `{% set target = value %}` or `{% set target %}body{% endset %}`; target is names or one ns.attr. */
export const Assign = define('Assign', ['targets', 'value', 'body']);

/** Visits every node under `node` (fields, lists and plain arrays of nodes alike). */
export function walk(node: unknown, visit: (n: JNode) => void): void {
  if (Array.isArray(node)) {
    for (const child of node) walk(child, visit);
    return;
  }
  if (node === null || typeof node !== 'object' || !('typename' in node)) return;
  const n = node as JNode;
  visit(n);
  for (const field of n.fields ?? []) walk(n[field], visit);
}

/** Whether a body refers to a name (a macro catches varargs / kwargs / caller only when its body uses them). */
export function usesName(body: JNode, name: string): boolean {
  let found = false;
  walk(body, (n) => {
    if (n.typename === 'Symbol' && n.value === name) found = true;
  });
  return found;
}

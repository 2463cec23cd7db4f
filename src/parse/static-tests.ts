/**
 * Generic tests as data: what parse mode records when a built-in test renders
 * (its ref() or source() of the tested node, and `to:` of relationships),
 * found without rendering. Parse mode keeps nothing of a test's render but
 * those calls, and these four tests' macros call nothing else with effects,
 * so the result is the render's own; any doubt (a project or package
 * overriding one of the macros, an argument that is Jinja other than a
 * literal ref or source) returns undefined and the test is rendered.
 * static-tests.test.ts renders every case both ways and compares.
 */
import { isJinjaArgument, testCallShape, type TestShape } from '../test-catalog/index.js';
import type { Renderer } from '../template/index.js';
import type { ProjectNode, RefCall, SourceCall } from './types.js';

type Ref = Omit<RefCall, 'location'>;
type Source = Omit<SourceCall, 'location'>;

/** The built-in tests handled here, with the macros their render reaches. */
const STATIC_TESTS: Readonly<Record<string, readonly string[]>> = {
  not_null: ['test_not_null', 'tsmodel_predicate_not_null'],
  unique: ['test_unique'],
  accepted_values: ['test_accepted_values', 'tsmodel_predicate_accepted_values'],
  relationships: ['test_relationships'],
};
const SUPPORT = ['get_where_subquery'];

const NAME = String.raw`\s*(['"])([^'"\\]*)\1\s*`;
const REF_1 = new RegExp(String.raw`^\s*ref\(${NAME}\)\s*$`);
const REF_2 = new RegExp(String.raw`^\s*ref\(${NAME},${NAME.replace('\\1', '\\3')}\)\s*$`);
const SOURCE = new RegExp(String.raw`^\s*source\(${NAME},${NAME.replace('\\1', '\\3')}\)\s*$`);

/** `ref('x')`, `ref('pkg', 'x')` or `source('a', 'b')` written with literal names, as a call record. */
function literalRelation(v: unknown): { ref: Ref } | { source: Source } | undefined {
  if (typeof v !== 'string') return undefined;
  let m = REF_1.exec(v);
  if (m) return { ref: { name: m[2]! } };
  m = REF_2.exec(v);
  if (m) return { ref: { name: m[4]!, package: m[2]! } };
  m = SOURCE.exec(v);
  if (m) return { source: { source: m[2]!, table: m[4]! } };
  return undefined;
}

/**
 * The refs and sources the parse render of a built-in test would record, or
 * undefined when that cannot be known without rendering.
 */
export function staticTestCalls(
  renderer: Renderer,
  canonical: string,
  attached: ProjectNode,
  kwargs: Readonly<Record<string, unknown>>,
): { refs: Ref[]; sources: Source[] } | undefined {
  const macros = STATIC_TESTS[canonical];
  if (!macros) return undefined;
  for (const name of [...macros, ...SUPPORT]) {
    const info = renderer.macros.get(name);
    if (!info || !info.builtin || !info.path.startsWith('<builtin>/')) return undefined;
  }
  const refs: Ref[] = [];
  const sources: Source[] = [];
  if (attached.resourceType === 'source') sources.push({ source: attached.sourceName!, table: attached.name });
  else
    refs.push(
      attached.version === undefined ? { name: attached.name } : { name: attached.name, version: attached.version },
    );
  // Arguments are evaluated in the order written: column_name is never evaluated (testCall quotes it).
  for (const [k, v] of Object.entries(kwargs)) {
    if (k === 'column_name' || k === 'model' || !isJinjaArgument(v)) continue;
    const call = canonical === 'relationships' && k === 'to' ? literalRelation(v) : undefined;
    if (!call) return undefined;
    if ('ref' in call) refs.push(call.ref);
    else sources.push(call.source);
  }
  return { refs, sources };
}

/** The test call with its literal arguments as variables (see test-catalog/test-shape.ts), when it has one. */
export function shapeOf(macro: string, attached: ProjectNode, kwargs: Record<string, unknown>): TestShape | undefined {
  if (attached.resourceType === 'source')
    return testCallShape(macro, { kind: 'source', args: [attached.sourceName!, attached.name] }, kwargs);
  if (attached.version !== undefined) return undefined;
  return testCallShape(macro, { kind: 'ref', args: [attached.name] }, kwargs);
}

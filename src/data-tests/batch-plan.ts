import type { ProjectNode } from '../parse/index.js';
import { quoteRelation } from '../adapters/index.js';
import type { Renderer } from '../template/index.js';
import { builtinTest, defaultDimension, isJinjaArgument, readTestConfig } from '../test-catalog/index.js';
import type { BatchMember } from './batch.js';

/** Tests of one relation counted in one scan. */
export interface BatchGroup {
  relationSql: string;
  members: BatchMember[];
}

/** Which tests share a scan: test id → its group (groups of two or more). */
export type BatchPlan = ReadonlyMap<string, BatchGroup>;

/** The built-in in use for a test: undefined for singular tests, custom tests and overridden built-ins. */
export function builtinInUse(node: ProjectNode, renderer: Renderer): ReturnType<typeof builtinTest> {
  const def = node.testMetadata ? builtinTest(node.testMetadata.name) : undefined;
  if (!def) return undefined;
  // The macro the test calls (macro.<project>.<name>): tsmodel's native one, or a package's own test.
  const called = node.dependsOn.macros[0]?.split('.').slice(2).join('.');
  if (called === `dbt.test_${def.name}`) return def;
  if (called !== undefined && called !== `test_${def.name}`) return undefined;
  return renderer.macros.get(`test_${def.name}`)?.builtin ? def : undefined;
}

/** The failing-row predicate of a row-level built-in test, or undefined when it cannot share a scan. */
function memberOf(test: ProjectNode, attached: ProjectNode | undefined, renderer: Renderer): BatchMember | undefined {
  const def = builtinInUse(test, renderer);
  if (
    !def?.predicateMacro ||
    test.parseError ||
    !test.testMetadata ||
    !renderer.macros.get(def.predicateMacro)?.builtin
  )
    return undefined;
  if (!attached?.relation || attached.config.materialized === 'ephemeral') return undefined;
  if (test.dependsOn.nodes.length !== 1 || test.dependsOn.nodes[0] !== attached.uniqueId) return undefined;
  const { model: _model, ...kwargs } = test.testMetadata.kwargs;
  if (isJinjaArgument(kwargs)) return undefined;
  const { config, problems } = readTestConfig(test.config, defaultDimension(def.name));
  if (problems.length > 0 || config.failCalc) return undefined;
  let predicate: string;
  try {
    predicate = String(
      renderer.callMacro(def.predicateMacro, [{ ...kwargs, __keywords: true }], {}, { file: test.originalFilePath }),
    ).trim();
  } catch {
    return undefined; // run alone, where the problem is reported
  }
  return { uniqueId: test.uniqueId, predicate, where: config.where, limit: config.limit };
}

/**
 * Groups the row-level built-in tests (not_null, accepted_values,
 * accepted_range, expression_is_true, not_empty_string) by the relation they
 * test. Tests that cannot share a scan, and relations with a single such
 * test, are left to run alone.
 */
export function planBatches(
  tests: readonly ProjectNode[],
  nodes: ReadonlyMap<string, ProjectNode>,
  renderer: Renderer,
): BatchPlan {
  const byRelation = new Map<string, BatchGroup>();
  for (const t of tests) {
    const attached = t.attachedNode ? nodes.get(t.attachedNode) : undefined;
    const member = memberOf(t, attached, renderer);
    if (!member || !attached?.relation) continue;
    const relationSql = quoteRelation(attached.relation);
    let group = byRelation.get(relationSql);
    if (!group) byRelation.set(relationSql, (group = { relationSql, members: [] }));
    group.members.push(member);
  }
  const plan = new Map<string, BatchGroup>();
  for (const g of byRelation.values()) if (g.members.length > 1) for (const m of g.members) plan.set(m.uniqueId, g);
  return plan;
}

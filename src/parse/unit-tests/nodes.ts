import type { Warning } from '../../config/types.js';
import { TsmodelError, nearestName } from '../../errors/index.js';
import { finalizeConfig } from '../node-config.js';
import type { ProjectNode } from '../types.js';
import { resolveFixture, type FixtureFiles } from './fixtures.js';
import type { InputTarget, UnitTestEntry, UnitTestInput } from './types.js';

export interface UnitTestNodeInputs {
  projectName: string;
  entries: readonly UnitTestEntry[];
  /** Enabled and disabled nodes, dependencies resolved. */
  nodes: readonly ProjectNode[];
  disabled: readonly ProjectNode[];
  fixtures: FixtureFiles;
  /** A YAML file's path relative to its resource folder (for fqn). */
  yamlRelPath(path: string): string;
  /** The tests: folder config for an fqn (tags, meta, enabled set in project.yml). */
  folderConfig(fqn: string[]): Record<string, unknown>;
}

export function describeInput(t: InputTarget): string {
  if (t.kind === 'this') return 'this';
  if (t.kind === 'source') return `source('${t.source}', '${t.table}')`;
  return `ref('${t.name}')`;
}

/** What a model reads: its parents, and what its ephemeral parents read (they are inlined, so they read the fixtures too). */
export function readsOf(model: ProjectNode, byId: ReadonlyMap<string, ProjectNode>): string[] {
  const out: string[] = [];
  const visit = (n: ProjectNode) => {
    for (const id of n.dependsOn.nodes) {
      if (out.includes(id) || id === model.uniqueId) continue;
      out.push(id);
      const p = byId.get(id);
      if (p?.config.materialized === 'ephemeral') visit(p);
    }
  };
  visit(model);
  return out;
}

function parentFor(model: ProjectNode, t: InputTarget, byId: ReadonlyMap<string, ProjectNode>): string | undefined {
  if (t.kind === 'this') return model.uniqueId;
  for (const id of readsOf(model, byId)) {
    const p = byId.get(id);
    if (!p) continue;
    if (t.kind === 'source' && p.resourceType === 'source' && p.sourceName === t.source && p.name === t.table)
      return id;
    if (t.kind === 'ref' && p.resourceType !== 'source' && p.name === t.name) return id;
  }
  return undefined;
}

/**
 * Turns `unit_tests:` entries into unit_test nodes. A unit test depends on
 * the model's parents (it runs once they exist, before the model is built);
 * attachedNode is the model. Bad entries are errors at their YAML line.
 */
export function unitTestNodes(inp: UnitTestNodeInputs): {
  nodes: ProjectNode[];
  errors: TsmodelError[];
  warnings: Warning[];
} {
  const errors: TsmodelError[] = [];
  const warnings: Warning[] = [];
  const out: ProjectNode[] = [];
  const byId = new Map([...inp.nodes, ...inp.disabled].map((n) => [n.uniqueId, n]));
  const models = new Map(
    [...inp.nodes, ...inp.disabled].filter((n) => n.resourceType === 'model').map((n) => [n.name, n]),
  );
  const seen = new Map<string, UnitTestEntry>();
  for (const e of inp.entries) {
    const model = models.get(e.model);
    if (!model) {
      const near = nearestName(e.model, models.keys());
      errors.push(
        new TsmodelError('config', `unit test '${e.name}' tests model '${e.model}', which does not exist`, {
          location: e.location,
          hint: near ? `Did you mean model: ${near}?` : 'model: takes the name of a SQL model of this project.',
        }),
      );
      continue;
    }
    const uniqueId = `unit_test.${inp.projectName}.${model.name}.${e.name}`;
    const prev = seen.get(uniqueId);
    if (prev) {
      errors.push(
        new TsmodelError('config', `model '${model.name}' has two unit tests named '${e.name}'`, {
          location: e.location,
          hint: `The other one is in ${prev.location.file}:${prev.location.line}; rename one of them.`,
        }),
      );
      continue;
    }
    seen.set(uniqueId, e);
    if (e.versions)
      warnings.push({
        message: `unit test '${e.name}': versions: is ignored (tsmodel has no versioned models)`,
        location: e.location,
      });
    const given: UnitTestInput[] = [];
    let bad = false;
    for (const g of e.given) {
      if (!g.target) continue; // reported when the YAML was read
      const nodeId = parentFor(model, g.target, byId);
      if (!nodeId) {
        const parents = readsOf(model, byId)
          .map((id) => byId.get(id))
          .filter((p): p is ProjectNode => p !== undefined)
          .map((p) => (p.resourceType === 'source' ? `source('${p.sourceName}', '${p.name}')` : `ref('${p.name}')`));
        errors.push(
          new TsmodelError(
            'config',
            `unit test '${e.name}': input ${g.input} is not a parent of model '${model.name}'`,
            {
              location: g.location,
              hint: parents.length
                ? `The model reads ${parents.join(', ')}` +
                  `${model.config.materialized === 'incremental' ? ' (and this)' : ''}; give rows for those.`
                : `Model '${model.name}' reads no ref() or source().`,
            },
          ),
        );
        bad = true;
        continue;
      }
      if (g.target.kind === 'this' && model.config.materialized !== 'incremental')
        warnings.push({
          message: `unit test '${e.name}': input this is only read by incremental models ('${model.name}' is ${model.config.materialized})`,
          location: g.location,
        });
      try {
        const fixture = resolveFixture(g.fixture, inp.fixtures, `unit test '${e.name}', input ${g.input}`);
        given.push({ input: g.input, target: g.target, nodeId, fixture, location: g.location });
      } catch (err) {
        errors.push(err as TsmodelError);
        bad = true;
      }
    }
    let expect;
    try {
      expect = resolveFixture(e.expect, inp.fixtures, `unit test '${e.name}', expect`);
    } catch (err) {
      errors.push(err as TsmodelError);
      bad = true;
    }
    if (bad || !expect) continue;
    const relPath = inp.yamlRelPath(e.file);
    const fqn = [inp.projectName, ...relPath.split('/').slice(0, -1), model.name, e.name];
    const config = finalizeConfig('unit_test', { ...inp.folderConfig(fqn), ...e.config, materialized: 'unit_test' });
    if (!model.config.enabled) config.enabled = false;
    out.push({
      uniqueId,
      resourceType: 'unit_test',
      name: e.name,
      packageName: inp.projectName,
      path: relPath,
      originalFilePath: e.file,
      fqn,
      rawCode: '',
      checksum: '',
      config,
      refs: [],
      sources: [],
      dependsOn: { nodes: model.dependsOn.nodes.filter((id) => id !== model.uniqueId), macros: [] },
      description: e.description,
      columns: {},
      patchPath: e.file,
      attachedNode: model.uniqueId,
      unitTest: {
        model: model.name,
        modelId: model.uniqueId,
        given,
        expect,
        overrides: e.overrides,
        file: e.file,
      },
      location: e.location,
    });
  }
  return { nodes: out, errors, warnings };
}

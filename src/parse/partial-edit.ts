import type { ProjectFile } from '../project/index.js';
import type { ParseRecord } from '../template/index.js';
import { calledMacros } from './macro-deps.js';
import { ProjectScopes } from './packages.js';
import { parseEnvOf, rendererFor } from './parse-setup.js';
import type { StoredParse } from './partial-parse.js';
import type { ParseInputs, ParsedProject } from './project.js';
import { parseSqlFile } from './sql-node.js';
import type { ProjectNode, ResourceType } from './types.js';

/**
 * What a SQL file's parse-mode render declares, for the rest of the parse: its node's id, the refs and sources it
 * calls (not where), its config() calls and the vars and env vars it read. Two renders declaring the same give the
 * same node but for its text, checksum, where its calls are written and the macros its text calls.
 */
export function declarationOf(node: ProjectNode, record: ParseRecord): string {
  try {
    return JSON.stringify([node.uniqueId, record.refs, record.sources, record.config, node.inputs ?? null]);
  } catch {
    return `unstable:${Math.random()}`; // a config value JSON can't hold: never the same
  }
}

/** The SQL files a stored parse can edit in place: models, analyses and singular tests. */
const EDITABLE: Record<string, ResourceType> = { models: 'model', analyses: 'analysis', tests: 'test' };

/**
 * The stored parse with its nodes of edited SQL files (`changed`: `kind:path` keys) updated in place, when every
 * edited file is a model, analysis or singular test that still declares what it did (declarationOf) and no stored
 * warning points into it; else why not.
 */
export function editInPlace(
  inputs: ParseInputs,
  prev: StoredParse,
  changed: readonly string[],
):
  | { parsed: ParsedProject; declarations: Record<string, string>; rendered: string[]; reason?: string }
  | { reason: string } {
  const result = prev.result;
  if (!result) return { reason: 'no whole earlier parse' };
  const edits: { file: ProjectFile; type: ResourceType }[] = [];
  for (const key of changed) {
    const [kind, ...rest] = key.split(':');
    const path = rest.join(':');
    const type = EDITABLE[kind!];
    const file = (inputs.files[kind as keyof typeof inputs.files] as ProjectFile[] | undefined)?.find(
      (f) => f.path === path,
    );
    if (!type || !file || file.notText) return { reason: `${path} is not a model, analysis or singular test` };
    if (type === 'test' && (file.relPath.startsWith('generic/') || file.relPath.startsWith('fixtures/')))
      return { reason: `${path} is not a singular test` };
    if (prev.declarations[path] === undefined) return { reason: `${path} was not a node of the earlier parse` };
    if (result.warnings.some((w) => w.location?.file === path || w.message.includes(path)))
      return { reason: `a warning points into ${path}` };
    edits.push({ file, type });
  }
  const renderer = rendererFor(inputs);
  if (renderer.errors.length > 0) return { reason: 'a macro file does not compile' };
  const penv = parseEnvOf(inputs, renderer);
  const scopes = new ProjectScopes(inputs.config, penv, inputs.packages ?? []);
  const byFile = new Map<string, ProjectNode[]>();
  for (const n of [...result.nodes, ...result.disabled]) {
    if (n.resourceType === 'unit_test' || n.resourceType === 'source') continue;
    const list = byFile.get(n.originalFilePath);
    if (list) list.push(n);
    else byFile.set(n.originalFilePath, [n]);
  }
  const declarations = { ...prev.declarations };
  for (const { file, type } of edits) {
    let fresh: { node: ProjectNode; record: ParseRecord };
    try {
      fresh = parseSqlFile(scopes.penv(file.package), file, type);
    } catch {
      return { reason: `${file.path} does not render` };
    }
    const declared = declarationOf(fresh.node, fresh.record);
    if (declared !== prev.declarations[file.path])
      return { reason: `${file.path} declares other refs, sources, config or vars` };
    const nodes = byFile.get(file.path) ?? [];
    if (nodes.length !== 1) return { reason: `${file.path} is ${nodes.length} nodes` };
    update(nodes[0]!, fresh.node, result.macros);
  }
  const parsed: ParsedProject = { ...result, renderer, parseEnv: penv, errors: [], declarations };
  return { parsed, declarations, rendered: edits.map((e) => e.file.path) };
}

/** A stored node given its file's new text: checksum, where its calls are, the macros its text calls. */
function update(node: ProjectNode, fresh: ProjectNode, macros: ParsedProject['macros']): void {
  node.rawCode = fresh.rawCode;
  node.checksum = fresh.checksum;
  // The render's refs come first; a foreign key's ref (from YAML) follows them.
  node.refs = [...fresh.refs, ...node.refs.slice(fresh.refs.length)];
  node.sources = fresh.sources;
  const text = [node.rawCode, ...node.config.pre_hook, ...node.config.post_hook].join('\n');
  // Only enabled nodes record the macros they call (macro-deps.ts).
  if (node.config.enabled && macros) node.dependsOn.macros = calledMacros(text, macros);
}

/** The declarations of a parse (only a clean parse's are kept). */
export function sqlDeclarations(parsed: ParsedProject): Record<string, string> {
  return { ...(parsed.declarations ?? {}) };
}

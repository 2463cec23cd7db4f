import type { Env } from '../config/types.js';
import { TsmodelError } from '../errors/index.js';
import type { ProjectFile } from '../project/index.js';
import {
  emptyParseRecord,
  parseContext,
  type ContextInputs,
  type ParseRecord,
  type Renderer,
  type TargetInfo,
} from '../template/index.js';
import { staticParse } from './static-sql.js';
import type { ProjectNode, ResourceType } from './types.js';

/** What rendering any node in parse mode needs, shared by the whole parse. */
export interface ParseEnv {
  renderer: Renderer;
  projectName: string;
  target: TargetInfo;
  vars: Readonly<Record<string, unknown>>;
  env: Env;
  invocationId: string;
  runStartedAt: string;
  fullRefresh: boolean;
  log?: (message: string, info: boolean) => void;
  /** The vars of each installed package's nodes (the root project's are `vars`). */
  packageVars?: ReadonlyMap<string, Readonly<Record<string, unknown>>>;
}

export function contextInputs(
  penv: ParseEnv,
  node: { uniqueId: string; name: string; resourceType: string; originalFilePath: string; packageName?: string },
): ContextInputs {
  const pkg = node.packageName ?? penv.projectName;
  const vars = pkg === penv.projectName ? penv.vars : (penv.packageVars?.get(pkg) ?? penv.vars);
  return {
    renderer: penv.renderer,
    node: { ...node, packageName: pkg },
    target: penv.target,
    vars,
    env: penv.env,
    invocationId: penv.invocationId,
    runStartedAt: penv.runStartedAt,
    fullRefresh: penv.fullRefresh,
    log: penv.log,
  };
}

export function fileStem(relPath: string): string {
  const base = relPath.split('/').pop()!;
  return base.replace(/\.[^.]+$/, '');
}

/** fqn = [project, ...folders, name], as dbt builds it. */
export function fqnOf(projectName: string, relPath: string, name: string): string[] {
  const folders = relPath.split('/').slice(0, -1);
  return [projectName, ...folders, name];
}

export interface RenderedSqlFile {
  node: ProjectNode;
  record: ParseRecord;
}

/**
 * Renders a .sql file (model, analysis, singular test) in parse mode and
 * returns the node with what the render found (refs, sources, config calls).
 * Config is resolved later, once every YAML patch is known.
 */
export function parseSqlFile(
  penv: ParseEnv,
  file: ProjectFile,
  resourceType: ResourceType,
  renderAll = false,
): RenderedSqlFile {
  const name = fileStem(file.relPath);
  const uniqueId = `${resourceType}.${penv.projectName}.${name}`;
  const known = renderAll ? undefined : staticParse(file.contents, (m) => penv.renderer.hasMacro(m));
  const record = known ?? emptyParseRecord();
  const node: ProjectNode = {
    uniqueId,
    resourceType,
    name,
    packageName: penv.projectName,
    path: file.relPath,
    originalFilePath: file.path,
    fqn: fqnOf(penv.projectName, file.relPath, name),
    rawCode: file.contents,
    checksum: file.checksum,
    config: { enabled: true, materialized: 'view', tags: [], meta: {}, pre_hook: [], post_hook: [] },
    refs: [],
    sources: [],
    dependsOn: { nodes: [], macros: [] },
    description: '',
    columns: {},
    location: { file: file.path, line: 1 },
  };
  if (!known) penv.renderer.render(file.path, file.contents, parseContext(contextInputs(penv, node), record));
  const calls = new CallLines(file.contents);
  node.refs = record.refs.map((r) => ({
    ...r,
    location: { file: file.path, line: calls.line('ref', r.name) },
  }));
  if (record.vars.length > 0 || record.envVars.length > 0)
    node.inputs = { vars: [...new Set(record.vars)].sort(), envVars: [...new Set(record.envVars)].sort() };
  node.sources = record.sources.map((s) => ({
    ...s,
    location: { file: file.path, line: calls.line('source', s.source, s.table) },
  }));
  return { node, record };
}

function esc(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A pattern finding where a ref/source call is written, to point errors at its line. */
function callPattern(fn: string, ...args: string[]): RegExp {
  const quoted = args.map((a) => `['"]${esc(a)}['"]`).join('\\s*,\\s*');
  return new RegExp(`${fn}\\s*\\((?:\\s*['"][^'"]*['"]\\s*,)?\\s*${quoted}`);
}

/** The line of a call as its own pattern finds it (CallLines reads the same in one pass). */
export function lineOfCall(text: string, fn: string, ...args: string[]): number | undefined {
  return lineOfMatch(text, callPattern(fn, ...args));
}

function lineOfMatch(text: string, pattern: RegExp): number | undefined {
  const m = pattern.exec(text);
  return m ? lineAt(text, m.index) : undefined;
}

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** Every `ref(` and `source(` of a text with its first three quoted arguments, each position once. */
const CALL = /(ref|source)\s*\(\s*['"]([^'"]*)['"](?:\s*,\s*['"]([^'"]*)['"](?:\s*,\s*['"]([^'"]*)['"])?)?/g;

/**
 * Where a file writes its ref/source calls: the line of the first call whose arguments end with the given ones
 * (after at most one argument before them: a package, or a project), as callPattern() finds it, read in one
 * pass over the file instead of one regular expression per call.
 */
export class CallLines {
  private calls?: { fn: string; index: number; args: string[] }[];
  constructor(private readonly text: string) {}

  private all() {
    if (this.calls) return this.calls;
    const calls: { fn: string; index: number; args: string[] }[] = [];
    CALL.lastIndex = 0;
    for (let m = CALL.exec(this.text); m; m = CALL.exec(this.text)) {
      calls.push({ fn: m[1]!, index: m.index, args: [m[2], m[3], m[4]].filter((a) => a !== undefined) });
      CALL.lastIndex = m.index + 1; // calls may overlap, as the pattern's matches may
    }
    return (this.calls = calls);
  }

  line(fn: 'ref' | 'source', ...args: string[]): number | undefined {
    // A quote inside an argument is beyond the one-pass reading: the call's own pattern finds it.
    if (args.some((a) => a.includes("'") || a.includes('"'))) return lineOfCall(this.text, fn, ...args);
    const same = (list: string[], at: number) => args.every((a, i) => list[at + i] === a);
    const hit = this.all().find((c) => c.fn === fn && (same(c.args, 0) || same(c.args, 1)));
    return hit ? lineAt(this.text, hit.index) : undefined;
  }
}

export function templateErrorFor(err: unknown, file: string): TsmodelError {
  if (err instanceof TsmodelError) return err;
  return new TsmodelError('template', err instanceof Error ? err.message : String(err), { location: { file } });
}

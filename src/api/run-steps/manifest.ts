import { rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  buildManifest,
  manifestMetadata,
  readStamped,
  spliceJsonHead,
  writeJson,
  writeStamped,
} from '../../artifacts/index.js';
import { secretsKnown } from '../../secrets/index.js';
import { deferredOf } from '../defer.js';
import { artifactMeta, type LoadedProject } from '../load.js';
import { codeStamp } from '../partial-parse.js';
import { renderSettings, sha } from '../compile-keys.js';

/** The code a manifest's bytes depend on (a record written by other code never matches). */
const MANIFEST_CODE = [
  ...['parse', 'template', 'config', 'project', 'test-catalog', 'packages', 'compile', 'materialize', 'sql'],
  ...['graph', 'lineage', 'api', 'artifacts', 'secrets'],
];

/** Beside manifest.json: what it was last written from by a run (`key`), with its size and time then. */
const RECORD = 'run_manifest_record.json';
const MAGIC = 'tsmodel-run-manifest 1';

interface Record_ {
  key: string;
  size: number;
  mtimeMs: number;
}

/**
 * What a run's manifest.json is made from but its metadata: the stored parse reused whole (its generation), the
 * code, project config and target, the SQL of the nodes run and the relations deferred to. None when the parse is
 * not the stored one or a secret is known (the file's scrubbing could differ): then it is written whole.
 */
function manifestKey(project: LoadedProject, compiled: ReadonlyMap<string, string>): string | undefined {
  const generation = project.partialParse?.generation;
  if (!generation || secretsKnown()) return undefined;
  const byId = (a: [string, unknown], b: [string, unknown]) => (a[0] < b[0] ? -1 : 1);
  const parts = [generation, ...renderSettings(project), [...compiled].sort(byId), [...deferredOf(project)].sort(byId)];
  return sha(JSON.stringify(parts));
}

function readRecord(abs: string): Record_ | undefined {
  const read = readStamped(abs, `${MAGIC} ${codeStamp(MANIFEST_CODE)}`);
  const r = ('value' in read ? read.value : undefined) as Partial<Record_> | undefined;
  // none, or damaged, or other code's: the manifest is written whole
  const ok = typeof r?.key === 'string' && typeof r.size === 'number' && typeof r.mtimeMs === 'number';
  return ok ? (r as Record_) : undefined;
}

/**
 * Writes a run's manifest.json (dbt's full manifest, every node). When the last run wrote it from the same parse,
 * code, settings and SQL (the same `run -s one_model` again) and the file still has the size and time it was left
 * with, only its metadata is written again (artifacts/json-splice.ts), the rest copied: byte for byte what a whole
 * write would give. The record beside it is kept best-effort (a record that cannot be written is removed).
 */
export function writeRunManifest(
  project: LoadedProject,
  meta: ReturnType<typeof artifactMeta>,
  compiled: ReadonlyMap<string, string>,
): void {
  const { config, events } = project;
  const relPath = `${config.targetPath}/manifest.json`;
  const recordAbs = join(config.projectRoot, config.targetPath, RECORD);
  const key = manifestKey(project, compiled);
  const prev = key ? readRecord(recordAbs) : undefined;
  const spliced =
    prev && prev.key === key
      ? spliceJsonHead(config.projectRoot, relPath, { metadata: manifestMetadata(meta) }, prev)
      : undefined;
  if (!spliced) {
    rmSync(recordAbs, { force: true }); // no record may outlive the file it describes
    writeJson(
      config.projectRoot,
      relPath,
      buildManifest(project.parsed, project.graph, meta, config.targetPath, compiled, deferredOf(project)),
    );
  }
  events.log('debug', `manifest.json: ${spliced ? 'metadata rewritten, the rest copied' : 'written whole'}`);
  const st = key && (spliced ?? statSync(join(config.projectRoot, relPath), { throwIfNoEntry: false }));
  if (!key || !st) return;
  try {
    const record: Record_ = { key, size: st.size, mtimeMs: st.mtimeMs };
    writeStamped(recordAbs, `${MAGIC} ${codeStamp(MANIFEST_CODE)}`, record);
  } catch {
    rmSync(recordAbs, { force: true });
  }
}

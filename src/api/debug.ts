import { createAdapter } from '../adapters/index.js';
import { describeTarget, loadProjectConfig, loadTarget, readEnv } from '../config/index.js';
import { toErrorList } from '../errors/index.js';
import { loadProject, type ProjectOptions } from './load.js';
import type { TargetConfig } from '../config/index.js';

export interface DebugReport {
  project:
    | { dir: string; file: string; name: string; profile: string; modelPaths: string[]; targetPath: string }
    | { error: string };
  profilesFile: string;
  target: Record<string, unknown> | { error: string };
  connection:
    { ok: true; server: string } | { ok: false; error: string; hint?: string } | { ok: false; error: 'not tested' };
  /** The schemas a run on this target writes (generate_schema_name applied), with their relation counts. */
  schemas?: Record<string, number> | { error: string };
}

/** Which schemas a full run writes on this target: what a developer checks before building into a dev schema. */
function schemasWritten(opts: ProjectOptions, target: TargetConfig): DebugReport['schemas'] {
  try {
    const project = loadProject({ ...opts, targetConfig: target });
    const out: Record<string, number> = {};
    for (const n of project.parsed.nodes) {
      if (!['model', 'seed', 'snapshot'].includes(n.resourceType) || !n.relation) continue;
      if (n.config.materialized === 'ephemeral') continue;
      out[n.relation.schema] = (out[n.relation.schema] ?? 0) + 1;
    }
    return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : 1)));
  } catch (err) {
    return {
      error: toErrorList(err)
        .map((e) => e.message)
        .join('; '),
    };
  }
}

/** `tsmodel debug`: what was resolved, and whether the database answers. Never includes a secret. */
export async function debug(opts: ProjectOptions = {}): Promise<DebugReport> {
  const env = opts.env ?? readEnv();
  const report: DebugReport = {
    project: { error: 'not loaded' },
    profilesFile: '',
    target: { error: 'not loaded' },
    connection: { ok: false, error: 'not tested' },
  };
  let profileName: string;
  let projectRoot: string;
  try {
    const { config } = loadProjectConfig(opts.projectDir ?? '.');
    report.project = {
      dir: config.projectRoot,
      file: config.configFile,
      name: config.name,
      profile: config.profile,
      modelPaths: config.modelPaths,
      targetPath: config.targetPath,
    };
    profileName = config.profile;
    projectRoot = config.projectRoot;
  } catch (err) {
    report.project = {
      error: toErrorList(err)
        .map((e) => e.message)
        .join('; '),
    };
    return report;
  }
  let target = opts.targetConfig;
  try {
    if (!target) {
      const loaded = loadTarget({
        projectDir: projectRoot,
        profileName,
        profilesDir: opts.profilesDir,
        target: opts.target,
        env,
        threads: opts.threads,
      });
      target = loaded.target;
      report.profilesFile = loaded.profilesFile ?? '(built-in defaults: no profiles.yml found)';
    }
    report.target = describeTarget(target);
    report.schemas = schemasWritten(opts, target);
  } catch (err) {
    report.target = {
      error: toErrorList(err)
        .map((e) => e.message)
        .join('; '),
    };
    return report;
  }
  // A folder in use by a run is reported at once, not waited for.
  const adapter = createAdapter({ ...target, retries: 0, lockTimeoutMs: 0 }, { command: 'debug' });
  try {
    await adapter.open();
    const res = await adapter.query('select version() as v');
    report.connection = { ok: true, server: String(res.rows[0]?.v ?? '') };
  } catch (err) {
    const e = toErrorList(err)[0]!;
    report.connection = { ok: false, error: e.message, hint: e.hint };
  } finally {
    await adapter.close().catch(() => {});
  }
  return report;
}

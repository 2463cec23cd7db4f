import type { Adapter } from '../../adapters/index.js';
import { contextInputs } from '../../parse/index.js';
import { emptyParseRecord, parseContext } from '../../template/index.js';
import type { LoadedProject } from '../load.js';

export interface RunHooks {
  onRunStart: string[];
  onRunEnd: string[];
}

function renderHooks(
  project: LoadedProject,
  hooks: string[],
  what: string,
  pkg?: { name: string; file: string },
): string[] {
  const penv = project.parsed.parseEnv;
  const file = pkg?.file ?? project.config.configFile;
  const node = {
    uniqueId: `operation.${pkg?.name ?? project.config.name}.${what}`,
    name: what,
    resourceType: 'operation',
    originalFilePath: file,
    ...(pkg ? { packageName: pkg.name } : {}),
  };
  return hooks
    .map((h, i) =>
      String(
        penv.renderer.render(`${file}#${what}-${i}`, h, parseContext(contextInputs(penv, node), emptyParseRecord())),
      ).trim(),
    )
    .filter(Boolean);
}

/** The hooks of the installed packages (by package name), then the project's own, as dbt orders them. */
function allHooks(project: LoadedProject, key: 'onRunStart' | 'onRunEnd', what: string): string[] {
  const packages = [...(project.packages ?? [])].sort((a, b) => (a.name < b.name ? -1 : 1));
  return [
    ...packages.flatMap((p) =>
      renderHooks(project, p.config[key], what, { name: p.name, file: `${p.dir}/${p.config.configFile}` }),
    ),
    ...renderHooks(project, project.config[key], what),
  ];
}

/** on-run-start and on-run-end, rendered before anything connects (a template error stops the run here). */
export function renderRunHooks(project: LoadedProject): RunHooks {
  return {
    onRunStart: allHooks(project, 'onRunStart', 'on-run-start'),
    onRunEnd: allHooks(project, 'onRunEnd', 'on-run-end'),
  };
}

/** Runs rendered hooks one statement each, in order. */
export async function runHooks(adapter: Adapter, hooks: readonly string[]): Promise<void> {
  for (const sql of hooks) await adapter.query(sql);
}

import type { ProjectConfig, Warning } from '../config/types.js';
import type { TsmodelError } from '../errors/index.js';
import type { MacroFile } from '../template/index.js';
import { mergeConfigs, resolveFolderConfig } from '../config/index.js';
import type { ParseEnv } from './sql-node.js';
import type { ResourceType } from './types.js';

/** An installed package, as parsing needs it: its own project file and the vars its nodes see. */
export interface PackageInput {
  config: ProjectConfig;
  /** The package's vars, with the root project's (and --vars) applied on top. */
  vars: Readonly<Record<string, unknown>>;
}

/**
 * The macro files the Renderer loads: tsmodel's built-ins (the `dbt` namespace), the project's own, and
 * each package's in its namespace (the renderer resolves names as dbt does: template/namespaces.ts).
 * A package's macros are marked overridable (`builtin`): the project's macros of the same name win,
 * and tsmodel's native generic tests (its dbt_utils tests among them) are the ones engine lookups pick.
 */
export function orderMacroFiles(
  builtins: readonly MacroFile[],
  files: readonly { path: string; contents: string; package?: string }[],
): MacroFile[] {
  return [
    ...builtins,
    ...files.map((f) =>
      f.package
        ? { path: f.path, source: f.contents, builtin: true, package: f.package }
        : { path: f.path, source: f.contents, builtin: false },
    ),
  ];
}

/** A package's macro file tsmodel cannot compile yet: loud, but the project still loads (calling one of its macros fails). */
export function packageMacroWarning(e: TsmodelError, pkg: string): Warning {
  return {
    message: `package ${pkg}: ${e.message}; the macros of this file are not available`,
    location: e.location,
  };
}

export const FOLDER_TREE: Record<string, keyof ProjectConfig> = {
  model: 'models',
  seed: 'seeds',
  snapshot: 'snapshots',
  test: 'tests',
  analysis: 'analyses',
  source: 'sources',
};

function treeConfig(config: ProjectConfig, type: ResourceType, fqn: readonly string[]): Record<string, unknown> {
  const tree = config[FOLDER_TREE[type] ?? 'models'] as Record<string, unknown>;
  return resolveFolderConfig(tree ?? {}, fqn);
}

/**
 * The root project and its packages, each parsed in its own scope: nodes of a
 * package get the package's name (unique ids, fqn), see the package's vars,
 * and take the folder configs of the package's project file with the root
 * project's (`models: <package>: …`) on top, as in dbt.
 */
export class ProjectScopes {
  private readonly scopes = new Map<string, { config: ProjectConfig; penv: ParseEnv }>();

  constructor(
    private readonly root: ProjectConfig,
    private readonly rootEnv: ParseEnv,
    packages: readonly PackageInput[],
  ) {
    this.scopes.set(root.name, { config: root, penv: rootEnv });
    for (const p of packages)
      this.scopes.set(p.config.name, {
        config: p.config,
        penv: { ...rootEnv, projectName: p.config.name, vars: p.vars },
      });
  }

  /** The parse environment of a package's (or, by default, the root project's) nodes. */
  penv(pkg: string | undefined): ParseEnv {
    return this.scopes.get(pkg ?? this.root.name)?.penv ?? this.rootEnv;
  }

  config(pkg: string | undefined): ProjectConfig {
    return this.scopes.get(pkg ?? this.root.name)?.config ?? this.root;
  }

  /** Folder configs for a node; fqn[0] is its package. */
  folderConfig(type: ResourceType, fqn: readonly string[]): Record<string, unknown> {
    const rootConfig = treeConfig(this.root, type, fqn);
    const own = this.scopes.get(fqn[0] ?? '');
    if (!own || own.config === this.root) return rootConfig;
    return mergeConfigs(treeConfig(own.config, type, fqn), rootConfig);
  }
}

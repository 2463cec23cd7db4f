import * as fs from 'node:fs';
import * as path from 'node:path';
import { TsmodelError, TsmodelErrors, nearestName } from '../errors/index.js';
import type { SourceLocation } from '../errors/index.js';
import { ValueChecker, isMapping } from './check.js';
import { readEnv } from './env.js';
import { renderProjectValues } from './project-render.js';
import type { Env, FolderConfigTree, ProjectConfig, Warning } from './types.js';
import { parseYamlDocument, type YamlDocument } from './yaml.js';
import { UNSUPPORTED_PROJECT_KEYS, unsupportedMessage } from './unsupported.js';

/** Reads a file; returns undefined when it does not exist. */
export type ReadFile = (absolutePath: string) => string | undefined;

export interface LoadProjectOptions {
  readFile?: ReadFile;
  /** For env_var() in the file's values (default: the process environment). */
  env?: Env;
  /** --vars, for var() in the file's values. */
  vars?: Readonly<Record<string, unknown>>;
}

export const PROJECT_FILES = ['project.yml', 'dbt_project.yml'] as const;

/** A valid project / profile name: letters, digits and underscores, not starting with a digit. */
export const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

type PathField =
  'modelPaths' | 'seedPaths' | 'testPaths' | 'macroPaths' | 'snapshotPaths' | 'analysisPaths' | 'docsPaths';
type TreeField = 'models' | 'seeds' | 'snapshots' | 'tests' | 'sources' | 'analyses' | 'unitTests';

const PATH_KEYS: Record<string, PathField> = {
  'model-paths': 'modelPaths',
  'seed-paths': 'seedPaths',
  'test-paths': 'testPaths',
  'macro-paths': 'macroPaths',
  'snapshot-paths': 'snapshotPaths',
  'analysis-paths': 'analysisPaths',
  'docs-paths': 'docsPaths',
};
/** Old dbt names, still read (with a deprecation warning). */
const RENAMED: Record<string, string> = {
  'source-paths': 'model-paths',
  'data-paths': 'seed-paths',
  'modules-path': 'packages-install-path',
};
const TREE_KEYS: Record<string, TreeField> = {
  models: 'models',
  seeds: 'seeds',
  snapshots: 'snapshots',
  tests: 'tests',
  data_tests: 'tests',
  sources: 'sources',
  analyses: 'analyses',
  unit_tests: 'unitTests',
};
const OTHER_KEYS = [
  'name',
  'version',
  'profile',
  'config-version',
  'require-dbt-version',
  'target-path',
  'log-path',
  'packages-install-path',
  'clean-targets',
  'asset-paths',
  'vars',
  'on-run-start',
  'on-run-end',
  'quoting',
  'dispatch',
  'query-comment',
  'flags',
  'quality',
];
/** dbt sections kept as written in `extra`. */
const EXTRA_KEYS = ['semantic-models', 'saved-queries', 'metrics', 'exposures', 'restrict-access', 'dbt-cloud'];

export const KNOWN_PROJECT_KEYS: readonly string[] = [
  ...OTHER_KEYS,
  ...Object.keys(PATH_KEYS),
  ...Object.keys(RENAMED),
  ...Object.keys(TREE_KEYS),
  ...EXTRA_KEYS,
];

const DEFAULT_PATHS: Record<PathField, string[]> = {
  modelPaths: ['models'],
  seedPaths: ['seeds'],
  testPaths: ['tests'],
  macroPaths: ['macros'],
  snapshotPaths: ['snapshots'],
  analysisPaths: ['analyses'],
  docsPaths: [],
};

export function defaultReadFile(absolutePath: string): string | undefined {
  try {
    return fs.readFileSync(absolutePath, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new TsmodelError('config', `cannot read ${absolutePath}: ${(err as Error).message}`, {
      location: { file: absolutePath },
      hint: 'check the file permissions',
      cause: err,
    });
  }
}

/**
 * Records where each key of a resource tree (models:, seeds:, …) is written,
 * keyed by its path joined with "/" ("models/shop/staging/+schema"), so an
 * error in a folder config can point at its line.
 */
function recordTreeLocations(
  doc: YamlDocument,
  path: string[],
  tree: unknown,
  out: Record<string, SourceLocation>,
): void {
  if (!isMapping(tree)) return;
  for (const [key, value] of Object.entries(tree)) {
    const at = [...path, key];
    out[at.join('/')] = doc.locate(at);
    recordTreeLocations(doc, at, value, out);
  }
}

/**
 * Reads project.yml (or dbt_project.yml when there is no project.yml) into a
 * validated ProjectConfig. Jinja in top-level values is rendered (env_var and
 * --vars); vars, run hooks and the resource trees stay as written for the
 * modules that render them (see project-render.ts).
 */
export function loadProjectConfig(
  projectDir: string,
  opts: LoadProjectOptions = {},
): { config: ProjectConfig; warnings: Warning[] } {
  const readFile = opts.readFile ?? defaultReadFile;
  const projectRoot = path.resolve(projectDir);
  let configFile: string | undefined;
  let text: string | undefined;
  for (const candidate of PROJECT_FILES) {
    text = readFile(path.join(projectRoot, candidate));
    if (text !== undefined) {
      configFile = candidate;
      break;
    }
  }
  if (configFile === undefined || text === undefined) {
    throw new TsmodelError('config', `neither project.yml nor dbt_project.yml was found in ${projectRoot}`, {
      hint: 'run `tsmodel init` to create a project, or pass --project-dir <folder holding project.yml>',
    });
  }
  const file = configFile;
  const doc = parseYamlDocument(text, file);
  const parsed = doc.value;
  if (!isMapping(parsed)) {
    throw new TsmodelError(
      'config',
      `${file} must be a mapping of keys (name:, model-paths:, …), got ${parsed === null ? 'an empty file' : 'a list or a value'}`,
      {
        location: { file, line: 1, column: 1 },
        hint: 'start the file with `name: my_project`',
      },
    );
  }

  const check = new ValueChecker(doc);
  const rendered = renderProjectValues(parsed, doc, file, { env: opts.env ?? readEnv(), vars: opts.vars });
  check.errors.push(...rendered.errors);
  const raw = rendered.value;
  const warnings: Warning[] = [];
  const locations: Record<string, SourceLocation> = {};
  for (const key of Object.keys(raw)) locations[key] = doc.locate([key]);
  for (const key of Object.keys(TREE_KEYS)) recordTreeLocations(doc, [key], raw[key], locations);
  const warn = (message: string, key: string) => warnings.push({ message, location: locations[key] });

  // name, profile, version
  let name = '';
  if (!('name' in raw)) {
    check.errors.push(
      new TsmodelError('config', `${file} has no \`name\``, {
        location: { file, line: 1, column: 1 },
        hint: 'add a line `name: my_project` (letters, digits and underscores)',
      }),
    );
  } else {
    const value = check.string(['name'], raw.name, 'name', 'name: my_project');
    if (value !== undefined && !IDENTIFIER.test(value)) {
      check.fail(
        ['name'],
        `name '${value}' is not a valid identifier`,
        'use letters, digits and underscores, not starting with a digit, e.g. name: my_project',
      );
    } else if (value !== undefined) name = value;
  }
  const profile =
    'profile' in raw && raw.profile !== null
      ? check.string(['profile'], raw.profile, 'profile', 'profile: my_profile')
      : undefined;
  const version =
    'version' in raw && raw.version !== null
      ? check.string(['version'], raw.version, 'version', "version: '1.0.0'", true)
      : undefined;

  // Paths, with the old dbt names as fallbacks.
  const paths = { ...DEFAULT_PATHS };
  for (const [key, field] of Object.entries(PATH_KEYS)) {
    const oldKey = Object.keys(RENAMED).find((k) => RENAMED[k] === key);
    let source = key;
    if (!(key in raw) && oldKey && oldKey in raw) source = oldKey;
    if (oldKey && oldKey in raw) {
      warn(
        source === oldKey
          ? `'${oldKey}' is deprecated: rename it to '${key}'`
          : `'${oldKey}' is ignored because '${key}' is set`,
        oldKey,
      );
    }
    if (!(source in raw) || raw[source] === null) continue;
    const list = check.stringList([source], raw[source], source, `${key}: [${DEFAULT_PATHS[field][0] ?? 'docs'}]`);
    if (list) paths[field] = list.map(cleanPath);
  }
  const single = (key: string, fallback: string): string => {
    if (!(key in raw) || raw[key] === null) return fallback;
    const value = check.string([key], raw[key], key, `${key}: ${fallback}`);
    return value === undefined ? fallback : cleanPath(value);
  };
  const targetPath = single('target-path', 'target');
  const logPath = single('log-path', 'logs');
  let packagesInstallPath = single('packages-install-path', 'dbt_packages');
  if (!('packages-install-path' in raw) && 'modules-path' in raw) {
    packagesInstallPath = single('modules-path', 'dbt_packages');
    warn(`'modules-path' is deprecated: rename it to 'packages-install-path'`, 'modules-path');
  }
  const list = (key: string, example: string, fallback: string[]): string[] =>
    key in raw && raw[key] !== null ? (check.stringList([key], raw[key], key, example) ?? fallback) : fallback;
  const cleanTargets = list('clean-targets', 'clean-targets: [target, dbt_packages]', [targetPath]);
  const assetPaths = list('asset-paths', 'asset-paths: [assets]', []).map(cleanPath);
  const requireDbtVersion = list('require-dbt-version', `require-dbt-version: ">=1.7.0"`, []);
  const onRunStart = list('on-run-start', `on-run-start: ["create schema if not exists audit"]`, []);
  const onRunEnd = list('on-run-end', `on-run-end: ["grant usage on schema {{ target.schema }} to reporter"]`, []);

  const mapping = (key: string, example: string): Record<string, unknown> =>
    key in raw ? (check.mapping([key], raw[key], key, example) ?? {}) : {};
  const vars = mapping('vars', 'vars: {start_date: "2024-01-01"}');
  const quoting = mapping('quoting', 'quoting: {identifier: false}');
  const flags = mapping('flags', 'flags: {send_anonymous_usage_stats: false}');
  const quality = mapping('quality', 'quality: {min_score: 90}');

  let configVersion: number | undefined;
  if ('config-version' in raw && raw['config-version'] !== null) {
    configVersion = check.integer(
      ['config-version'],
      raw['config-version'],
      'config-version',
      'config-version: 2',
      1,
      2,
    );
    if (configVersion === 1)
      warn('config-version 1 is not supported: tsmodel reads config-version 2 files', 'config-version');
  }
  let dispatch: unknown[] = [];
  if ('dispatch' in raw && raw.dispatch !== null) {
    if (Array.isArray(raw.dispatch)) dispatch = raw.dispatch;
    else
      check.fail(
        ['dispatch'],
        'dispatch must be a list',
        'e.g. dispatch: [{macro_namespace: dbt_utils, search_order: [my_project, dbt_utils]}]',
      );
  }
  const queryComment = raw['query-comment'];
  if (
    queryComment !== undefined &&
    queryComment !== null &&
    typeof queryComment !== 'string' &&
    !isMapping(queryComment)
  ) {
    check.fail(
      ['query-comment'],
      'query-comment must be a string or a mapping',
      "e.g. query-comment: 'run by tsmodel'",
    );
  }

  // Folder-config trees.
  if ('tests' in raw && 'data_tests' in raw) {
    check.fail(
      ['tests'],
      `${file} sets both 'tests' and 'data_tests'`,
      "keep one of them: 'data_tests' is the current dbt name",
    );
  }
  const trees: Record<TreeField, FolderConfigTree> = {
    models: {},
    seeds: {},
    snapshots: {},
    tests: {},
    sources: {},
    analyses: {},
    unitTests: {},
  };
  for (const [key, field] of Object.entries(TREE_KEYS)) {
    if (!(key in raw)) continue;
    const tree = check.mapping([key], raw[key], key, `${key}: {${name || 'my_project'}: {+materialized: view}}`);
    if (tree) trees[field] = tree;
  }
  const extra: Record<string, unknown> = {};
  for (const key of EXTRA_KEYS) if (key in raw) extra[key] = raw[key];
  for (const key of Object.keys(raw)) {
    const why = UNSUPPORTED_PROJECT_KEYS[key];
    if (why) warn(unsupportedMessage(key, file, why), key);
  }

  for (const key of Object.keys(raw)) {
    if (KNOWN_PROJECT_KEYS.includes(key)) continue;
    const suggestion = nearestName(key, KNOWN_PROJECT_KEYS);
    warn(`unknown key '${key}' in ${file}${suggestion ? ` (did you mean '${suggestion}'?)` : ''}; it is ignored`, key);
  }

  if (check.errors.length > 0) throw new TsmodelErrors(check.errors);

  const config: ProjectConfig = {
    projectRoot,
    configFile: file,
    name,
    ...(version !== undefined ? { version } : {}),
    profile: profile ?? name,
    ...paths,
    targetPath,
    logPath,
    cleanTargets,
    vars,
    onRunStart,
    onRunEnd,
    ...trees,
    locations,
    ...(configVersion !== undefined ? { configVersion } : {}),
    requireDbtVersion,
    assetPaths,
    packagesInstallPath,
    quoting,
    dispatch,
    queryComment,
    flags,
    quality,
    extra,
  };
  return { config, warnings };
}

/** "models/" → "models", "./seeds" → "seeds"; otherwise as written. */
function cleanPath(p: string): string {
  let out = p.trim().replace(/\\/g, '/');
  while (out.startsWith('./')) out = out.slice(2);
  while (out.length > 1 && out.endsWith('/')) out = out.slice(0, -1);
  return out;
}

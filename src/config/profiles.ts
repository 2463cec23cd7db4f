import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TsmodelError, TsmodelErrors, nearestName } from '../errors/index.js';
import { ValueChecker, isMapping } from './check.js';
import { parseDatabaseUrl } from './database-url.js';
import { BUILTIN_PROFILES_FILE, builtinProfilesYaml } from './default-profiles.js';
import { defaultReadFile } from './project.js';
import type { ReadFile } from './project.js';
import { createProfileRenderer } from './render.js';
import { CONNECTION_KEYS, SECRET_KEYS, buildTarget } from './target.js';
import type { Env, TargetConfig, Warning } from './types.js';
import { parseYamlDocument } from './yaml.js';
import type { YamlDocument } from './yaml.js';

export interface LoadTargetOptions {
  projectDir: string;
  profileName: string;
  /** The --profiles-dir flag (a folder holding profiles.yml, or the file itself). */
  profilesDir?: string;
  /** The --target flag. */
  target?: string;
  env: Env;
  /** The --threads flag. */
  threads?: number;
  readFile?: ReadFile;
}

export interface LoadedTarget {
  target: TargetConfig;
  /** Absolute path of the profiles.yml read; undefined for the built-in profile. */
  profilesFile?: string;
  warnings: Warning[];
}

interface Candidate {
  file: string;
  /** Where the location came from, for messages. */
  origin: string;
  /** The file must exist (an explicit choice: --profiles-dir, TSMODEL_PROFILES_DIR). */
  mustExist: boolean;
  /** A file found here must hold the profile; otherwise the lookup goes on (with a warning). */
  strict: boolean;
}

interface FoundProfiles {
  file?: string;
  display: string;
  doc: YamlDocument;
  profiles: Record<string, unknown>;
}

/**
 * Finds profiles.yml, picks the profile and target, renders the target's
 * values (env_var and dbt's filters) and validates them into a TargetConfig.
 * Lookup: --profiles-dir, the project folder, $TSMODEL_PROFILES_DIR,
 * $DBT_PROFILES_DIR, ~/.tsmodel/, ~/.dbt/, then the built-in profile (the same
 * as profiles.example.yml).
 */
export function loadTarget(opts: LoadTargetOptions): LoadedTarget {
  if (opts.threads !== undefined && (!Number.isInteger(opts.threads) || opts.threads < 1)) {
    throw new TsmodelError('usage', `--threads must be a positive integer, got ${opts.threads}`, {
      hint: 'e.g. --threads 4',
    });
  }
  const warnings: Warning[] = [];
  const projectDir = path.resolve(opts.projectDir);
  const found = findProfiles(opts, projectDir, warnings);
  const { doc, display, profiles } = found;
  const profileName = opts.profileName;

  const profile = profiles[profileName];
  if (!isMapping(profile)) {
    const known = Object.keys(profiles).filter((k) => k !== 'config');
    const near = nearestName(profileName, known);
    throw new TsmodelError(
      'config',
      `profile '${profileName}' was not found in ${display}${listKnown('profiles', known)}`,
      {
        location: profile === undefined ? { file: display } : doc.locateValue([profileName]),
        hint: near
          ? `did you mean '${near}'? (set \`profile:\` in the project file)`
          : `add a '${profileName}:' profile to ${display}, or set \`profile:\` in the project file`,
      },
    );
  }
  const renderer = createProfileRenderer(opts.env);
  const outputs = profile.outputs;
  if (!isMapping(outputs)) {
    throw new TsmodelError('config', `profile '${profileName}' in ${display} has no \`outputs:\` mapping`, {
      location: doc.locate([profileName, 'outputs']),
      hint: 'add `outputs:` with one entry per target (e.g. dev:, prod:) and `target: dev`',
    });
  }
  const known = Object.keys(outputs);

  let targetName = nonEmpty(opts.target) ?? nonEmpty(opts.env.TSMODEL_TARGET);
  let chosenBy = targetName === undefined ? 'profile' : nonEmpty(opts.target) ? '--target' : 'TSMODEL_TARGET';
  if (targetName === undefined && profile.target !== undefined && profile.target !== null) {
    const r = renderer.render(profile.target);
    if (r.missing.length > 0 || r.error || typeof r.value !== 'string') {
      throw new TsmodelError(
        'config',
        `cannot read \`target:\` of profile '${profileName}'${r.missing.length ? `: environment variable ${r.missing[0]} is not set` : ''}`,
        {
          location: doc.locateValue([profileName, 'target']),
          hint: 'write `target: dev`, or give env_var() a default',
        },
      );
    }
    targetName = r.value;
  }
  if (targetName === undefined) {
    if (known.length !== 1) {
      throw new TsmodelError(
        'config',
        `profile '${profileName}' in ${display} has no \`target:\` and several outputs${listKnown('targets', known)}`,
        {
          location: doc.locate([profileName]),
          hint: 'add `target: <name>` to the profile, or pass --target',
        },
      );
    }
    targetName = known[0]!;
    chosenBy = 'profile';
  }
  const output = outputs[targetName];
  if (!isMapping(output)) {
    const near = nearestName(targetName, known);
    throw new TsmodelError(
      'config',
      `target '${targetName}' (from ${chosenBy}) is not an output of profile '${profileName}' in ${display}${listKnown('targets', known)}`,
      {
        location:
          chosenBy === 'profile' ? doc.locateValue([profileName, 'target']) : doc.locate([profileName, 'outputs']),
        hint: near ? `did you mean '${near}'?` : `use one of: ${known.join(', ')}`,
      },
    );
  }

  const basePath = [profileName, 'outputs', targetName];
  const check = new ValueChecker(doc, SECRET_KEYS);
  // Render key by key: a failure names the key and line. With DATABASE_URL set,
  // failures of the connection keys it replaces do not matter.
  const databaseUrlText = nonEmpty(opts.env.DATABASE_URL);
  const typeValue = renderer.render(output.type).value;
  const urlApplies = databaseUrlText !== undefined && (typeValue === 'postgres' || typeValue === 'citus');
  const rendered: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(output)) {
    const r = renderer.render(value);
    const keyPath = [...basePath, key];
    if (r.missing.length === 0 && !r.error) {
      rendered[key] = r.value;
      continue;
    }
    if (urlApplies && CONNECTION_KEYS.includes(key)) continue;
    const location = doc.locateValue(keyPath);
    if (r.missing.length > 0) {
      for (const name of r.missing) {
        check.errors.push(
          new TsmodelError(
            'config',
            `environment variable ${name} is not set (used by ${key} of target '${targetName}' in ${display})`,
            {
              location,
              hint: `export ${name}=…, or give a default: {{ env_var('${name}', 'default') }}`,
            },
          ),
        );
      }
    } else {
      const detail = SECRET_KEYS.has(key) ? 'a template error' : r.error;
      check.errors.push(
        new TsmodelError('config', `cannot render ${key} of target '${targetName}': ${detail}`, {
          location,
          hint: 'check the {{ }} expression; only env_var(name, default) and the int, as_number, as_bool, as_text filters are available',
        }),
      );
    }
  }

  const target = buildTarget(rendered, {
    name: targetName,
    profileName,
    projectDir,
    basePath,
    doc,
    check,
    warnings,
    ...(opts.threads !== undefined ? { threads: opts.threads } : {}),
    ...(urlApplies ? { databaseUrl: parseDatabaseUrl(databaseUrlText) } : {}),
  });
  if (check.errors.length > 0 || target === undefined) throw new TsmodelErrors(check.errors);
  return { target, ...(found.file ? { profilesFile: found.file } : {}), warnings };
}

function findProfiles(opts: LoadTargetOptions, projectDir: string, warnings: Warning[]): FoundProfiles {
  const readFile = opts.readFile ?? defaultReadFile;
  const home = nonEmpty(opts.env.HOME) ?? os.homedir();
  const candidates: Candidate[] = [];
  if (opts.profilesDir)
    candidates.push({
      file: profilesPath(path.resolve(opts.profilesDir)),
      origin: '--profiles-dir',
      mustExist: true,
      strict: true,
    });
  candidates.push({
    file: path.join(projectDir, 'profiles.yml'),
    origin: 'the project folder',
    mustExist: false,
    strict: true,
  });
  const envDir = nonEmpty(opts.env.TSMODEL_PROFILES_DIR);
  if (envDir)
    candidates.push({
      file: profilesPath(path.resolve(envDir)),
      origin: 'TSMODEL_PROFILES_DIR',
      mustExist: true,
      strict: true,
    });
  const dbtDir = nonEmpty(opts.env.DBT_PROFILES_DIR);
  if (dbtDir)
    candidates.push({
      file: profilesPath(path.resolve(dbtDir)),
      origin: 'DBT_PROFILES_DIR',
      mustExist: false,
      strict: false,
    });
  candidates.push({
    file: path.join(home, '.tsmodel', 'profiles.yml'),
    origin: '~/.tsmodel',
    mustExist: false,
    strict: false,
  });
  candidates.push({ file: path.join(home, '.dbt', 'profiles.yml'), origin: '~/.dbt', mustExist: false, strict: false });

  for (const c of candidates) {
    const text = readFile(c.file);
    if (text === undefined) {
      if (c.mustExist) {
        throw new TsmodelError('config', `no profiles.yml at ${c.file} (from ${c.origin})`, {
          hint:
            'create it (see profiles.example.yml), or ' +
            `${c.origin === '--profiles-dir' ? 'pass another --profiles-dir' : `unset ${c.origin}`}`,
        });
      }
      continue;
    }
    const display = displayPath(c.file, projectDir);
    const doc = parseYamlDocument(text, display);
    const profiles = doc.value === null ? {} : doc.value;
    if (!isMapping(profiles)) {
      throw new TsmodelError('config', `${display} must be a mapping of profile names`, {
        location: { file: display, line: 1, column: 1 },
        hint: 'see profiles.example.yml for the layout: <profile>: {target: dev, outputs: {dev: {type: postgres, …}}}',
      });
    }
    if (!c.strict && !isMapping(profiles[opts.profileName])) {
      warnings.push({
        message: `${display} has no profile '${opts.profileName}'${listKnown(
          'profiles',
          Object.keys(profiles).filter((k) => k !== 'config'),
        )}; looking further`,
        location: { file: display },
      });
      continue;
    }
    return { file: c.file, display, doc, profiles };
  }
  const doc = parseYamlDocument(builtinProfilesYaml(opts.profileName), BUILTIN_PROFILES_FILE);
  return { display: BUILTIN_PROFILES_FILE, doc, profiles: doc.value as Record<string, unknown> };
}

/** A folder holding profiles.yml, or a .yml file given directly. */
function profilesPath(dirOrFile: string): string {
  if (/\.ya?ml$/i.test(dirOrFile) && !isDirectory(dirOrFile)) return dirOrFile;
  return path.join(dirOrFile, 'profiles.yml');
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** Inside the project: relative ("profiles.yml"); elsewhere: absolute. */
function displayPath(file: string, projectDir: string): string {
  const rel = path.relative(projectDir, file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
}

function listKnown(what: string, names: string[]): string {
  return names.length > 0 ? ` (known ${what}: ${names.join(', ')})` : ` (it defines no ${what})`;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

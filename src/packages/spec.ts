import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Env, Warning } from '../config/types.js';
import { isMapping, parseYamlDocument } from '../config/index.js';
import { createProfileRenderer } from '../config/render.js';
import { TsmodelError, type SourceLocation } from '../errors/index.js';
import { parseConstraint, type Constraint } from './semver.js';

/** One entry of packages.yml / dependencies.yml (or of package-lock.yml), checked. */
export type PackageSpec =
  | { kind: 'local'; local: string; at: SourceLocation }
  | { kind: 'git'; git: string; revision?: string; subdirectory?: string; written?: string; at: SourceLocation }
  | { kind: 'hub'; package: string; constraints: Constraint[]; prerelease: boolean; at: SourceLocation }
  | { kind: 'tarball'; tarball: string; name: string; written?: string; at: SourceLocation };

/** The URL of a git or tarball entry as written (an env_var() holding a token stays a template), for messages and the lock. */
export function writtenUrl(spec: PackageSpec & { kind: 'git' | 'tarball' }): string {
  return spec.written ?? (spec.kind === 'git' ? spec.git : spec.tarball);
}

export const SPEC_FILES = ['packages.yml', 'dependencies.yml'] as const;

/** How an entry is shown in a message: `git: https://…@v1`, `package: dbt-labs/dbt_utils`. */
export function describeSpec(spec: PackageSpec): string {
  switch (spec.kind) {
    case 'local':
      return `local: ${spec.local}`;
    case 'git':
      return `git: ${writtenUrl(spec)}${spec.revision ? `@${spec.revision}` : ''}${spec.subdirectory ? ` (${spec.subdirectory})` : ''}`;
    case 'hub':
      return `package: ${spec.package}${spec.constraints.length ? ` ${spec.constraints.map((c) => c.text).join(', ')}` : ''}`;
    case 'tarball':
      return `tarball: ${writtenUrl(spec)}`;
  }
}

export interface SpecFile {
  /** The file read, relative to the folder ("packages.yml"), or undefined when there is none. */
  file?: string;
  specs: PackageSpec[];
  /** sha1 of the file's entries, as dbt records it in package-lock.yml to notice a changed packages.yml. */
  hash: string;
  warnings: Warning[];
}

/** Reads packages.yml or dependencies.yml in `dir` (env_var() rendered, as dbt does). */
export function readSpecFile(dir: string, env: Env, label = ''): SpecFile {
  const present = SPEC_FILES.filter((f) => existsSync(join(dir, f)));
  const warnings: Warning[] = [];
  if (present.length === 0) return { specs: [], hash: hashEntries([]), warnings };
  const file = present[0]!;
  const shown = `${label}${file}`;
  const doc = parseYamlDocument(readFileSync(join(dir, file), 'utf8'), shown);
  const raw = doc.value;
  if (present.length > 1 && isMapping(raw) && Array.isArray(raw.packages)) {
    const other = parseYamlDocument(readFileSync(join(dir, present[1]!), 'utf8'), `${label}${present[1]}`).value;
    if (isMapping(other) && Array.isArray(other.packages) && other.packages.length > 0)
      throw new TsmodelError('config', `both packages.yml and dependencies.yml list packages`, {
        location: { file: shown, line: 1 },
        hint: 'Keep the packages in one of the two files.',
      });
  }
  if (raw === null || raw === undefined) return { file, specs: [], hash: hashEntries([]), warnings };
  if (!isMapping(raw))
    throw new TsmodelError('config', `${shown} must be a mapping with a 'packages:' list`, {
      location: { file: shown, line: 1 },
      hint: 'e.g. packages:\n  - package: dbt-labs/dbt_utils\n    version: [">=1.0.0", "<2.0.0"]',
    });
  for (const key of Object.keys(raw)) {
    if (key === 'packages') continue;
    warnings.push({
      message:
        `'${key}' in ${shown} is not supported by tsmodel (` +
        `${key === 'projects' ? 'dbt Mesh cross-project refs' : 'unknown key'}); it is ignored`,
      location: doc.locate([key]),
    });
  }
  const list = raw.packages ?? [];
  if (!Array.isArray(list))
    throw new TsmodelError('config', `'packages' in ${shown} must be a list`, {
      location: doc.locateValue(['packages']),
      hint: 'Write each package as a list item starting with "- ".',
    });
  const rendered = createProfileRenderer(env).render(list);
  if (rendered.error)
    throw new TsmodelError('config', `${shown}: ${rendered.error}`, { location: { file: shown, line: 1 } });
  if (rendered.missing.length > 0)
    throw new TsmodelError('config', `${shown} uses env_var('${rendered.missing[0]}'), which is not set`, {
      location: { file: shown, line: 1 },
      hint: `Set ${rendered.missing[0]} in the environment, or give env_var() a default.`,
    });
  const entries = rendered.value as unknown[];
  const specs = entries.map((e, i) => withWritten(checkSpec(e, doc.locate(['packages', i])), list[i]));
  return { file, specs, hash: hashEntries(entries, list), warnings };
}

/**
 * dbt's sha1_hash of the root entries (as dbt computes it, so a lock written by
 * dbt is recognised): each entry as its contract's fields, written and
 * rendered, plus `unrendered` (the entry as written), dumped as Python's
 * json.dumps(sort_keys=True) does; the lines sorted and joined.
 */
export function hashEntries(rendered: readonly unknown[], written: readonly unknown[] = rendered): string {
  const lines = rendered.map((entry, i) => {
    const e = isMapping(entry) ? entry : {};
    const fields: Record<string, unknown> = {};
    const keep = (key: string) => {
      if (e[key] !== undefined && e[key] !== null) fields[key] = e[key];
    };
    if ('local' in e) keep('local');
    else if ('tarball' in e) ['tarball', 'name'].forEach(keep);
    else if ('git' in e) ['git', 'revision', 'warn-unpinned', 'subdirectory'].forEach(keep);
    else if ('package' in e) {
      ['package', 'version'].forEach(keep);
      fields['install-prerelease'] = e['install-prerelease'] ?? false;
    }
    fields.unrendered = written[i] ?? entry;
    return pythonJson(fields);
  });
  return createHash('sha1').update(lines.sort().join('\n')).digest('hex');
}

/** JSON as Python's json.dumps(value, sort_keys=True) writes it. */
function pythonJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(pythonJson).join(', ')}]`;
  if (isMapping(value))
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${pythonString(k)}: ${pythonJson(value[k])}`)
      .join(', ')}}`;
  if (typeof value === 'string') return pythonString(value);
  if (value === null || value === undefined) return 'null';
  return String(value);
}

function pythonString(s: string): string {
  return JSON.stringify(s).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Keeps a git or tarball URL as written when rendering changed it. */
export function withWritten(spec: PackageSpec, written: unknown): PackageSpec {
  if (spec.kind !== 'git' && spec.kind !== 'tarball') return spec;
  const url = isMapping(written) ? written[spec.kind] : undefined;
  const rendered = spec.kind === 'git' ? spec.git : spec.tarball;
  return typeof url === 'string' && url !== rendered ? { ...spec, written: url } : spec;
}

function bad(at: SourceLocation, message: string, hint: string): TsmodelError {
  return new TsmodelError('config', message, { location: at, hint });
}

const EXAMPLES =
  'e.g. "- package: dbt-labs/dbt_utils" with "version: 1.3.0", "- git: https://…" with "revision: v1.0", ' +
  '"- local: ../my_package" or "- tarball: https://…/x.tar.gz" with "name: x"';

/** Checks one entry; every problem is one line naming the entry. */
export function checkSpec(entry: unknown, at: SourceLocation): PackageSpec {
  if (!isMapping(entry)) throw bad(at, `a package entry must be a mapping, got ${JSON.stringify(entry)}`, EXAMPLES);
  const text = (key: string): string | undefined => {
    const v = entry[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'string' || typeof v === 'number') return String(v);
    throw bad(at, `'${key}' of a package entry must be a string, got ${JSON.stringify(v)}`, EXAMPLES);
  };
  const kinds = ['local', 'git', 'package', 'tarball', 'private'].filter((k) => k in entry);
  if (kinds.length !== 1)
    throw bad(
      at,
      kinds.length === 0
        ? `a package entry needs one of local:, git:, package: or tarball: (it has ${Object.keys(entry).join(', ') || 'nothing'})`
        : `a package entry has several sources (${kinds.join(', ')}); give one`,
      EXAMPLES,
    );
  const kind = kinds[0]!;
  if (kind === 'private')
    throw bad(at, `'private:' packages (dbt Cloud git integrations) are not supported`, 'Use git: with the URL.');
  if (kind === 'local') return { kind: 'local', local: text('local')!, at };
  if (kind === 'tarball') {
    const name = text('name');
    if (!name) throw bad(at, `tarball: ${text('tarball')} has no 'name:'`, 'Add name: <the package name>.');
    return { kind: 'tarball', tarball: text('tarball')!, name, at };
  }
  if (kind === 'git') {
    const revision = text('revision');
    const subdirectory = text('subdirectory');
    return {
      kind: 'git',
      git: text('git')!,
      ...(revision !== undefined ? { revision } : {}),
      ...(subdirectory !== undefined ? { subdirectory } : {}),
      at,
    };
  }
  const pkg = text('package')!;
  if (!/^[^/\s]+\/[^/\s]+$/.test(pkg))
    throw bad(at, `package: ${pkg} is not of the form owner/name`, 'e.g. package: dbt-labs/dbt_utils');
  const raw = entry.version;
  const written = raw === undefined || raw === null ? [] : Array.isArray(raw) ? raw : [raw];
  if (written.length === 0)
    throw bad(at, `package: ${pkg} has no 'version:'`, 'Add version: "1.3.0" or version: [">=1.0.0", "<2.0.0"].');
  const constraints: Constraint[] = [];
  for (const w of written) {
    const c = parseConstraint(String(w));
    if (!c)
      throw bad(at, `package: ${pkg} has a version '${String(w)}' that is not understood`, 'e.g. "1.3.0" or ">=1.0.0"');
    constraints.push(c);
  }
  const prerelease = entry['install-prerelease'] === true;
  return { kind: 'hub', package: pkg, constraints, prerelease, at };
}

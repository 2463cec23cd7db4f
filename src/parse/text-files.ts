import { TsmodelError } from '../errors/index.js';
import type { ProjectFile, ProjectFiles } from '../project/index.js';

type TextKind = Exclude<keyof ProjectFiles, 'seeds' | 'fixtures'>;
const TEXT_KINDS: TextKind[] = ['models', 'macros', 'yaml', 'docs', 'tests', 'snapshots', 'analyses'];

/**
 * Refuses the project files that are not text (a NUL byte, invalid UTF-8):
 * one error each, at the line of the first bad byte, and the files are left
 * out of the parse so that they cause no confusing follow-up errors (and
 * their bytes never reach the database).
 */
export function withoutBinaryFiles(files: ProjectFiles, errors: TsmodelError[]): ProjectFiles {
  if (!TEXT_KINDS.some((k) => files[k].some((f) => f.notText))) return files;
  const out: ProjectFiles = { ...files };
  for (const kind of TEXT_KINDS) {
    const bad = files[kind].filter((f) => f.notText);
    if (bad.length === 0) continue;
    for (const f of bad) errors.push(notTextError(f));
    out[kind] = files[kind].filter((f) => !f.notText);
  }
  return out;
}

function notTextError(f: ProjectFile): TsmodelError {
  const n = f.notText!;
  return new TsmodelError('config', `${f.path} is not a UTF-8 text file: it has ${n.reason} at line ${n.line}`, {
    location: { file: f.path, line: n.line },
    hint: 'Project files are read as UTF-8 text. Re-save it as UTF-8, or move a binary file out of the project folders.',
  });
}

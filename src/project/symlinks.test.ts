import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TsmodelError } from '../errors/index.js';
import { listFiles } from './read.js';

let dirs: string[] = [];
afterEach(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  dirs = [];
});

/** A temp folder holding `project/` and `elsewhere/`, with the given files and links (link path → target). */
function tree(files: Record<string, string>, links: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'tsmodel-links-'));
  dirs.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  for (const [path, target] of Object.entries(links)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    symlinkSync(target, join(root, path));
  }
  return join(root, 'project');
}

const models = (project: string) => listFiles(project, ['models'], ['.sql']).map((f) => f.path);

describe('symlinks in the project folders (followed, as dbt does)', () => {
  it('follows a symlinked model file and a symlinked folder, wherever they point', () => {
    const project = tree(
      { 'project/models/a.sql': 'select 1', 'elsewhere/b.sql': 'select 2', 'elsewhere/shared/c.sql': 'select 3' },
      { 'project/models/b.sql': '../../elsewhere/b.sql', 'project/models/shared': '../../elsewhere/shared' },
    );
    expect(models(project)).toEqual(['models/a.sql', 'models/b.sql', 'models/shared/c.sql']);
  });

  it('lists a folder linked twice under both names (not a loop)', () => {
    const project = tree(
      { 'elsewhere/shared/c.sql': 'select 3' },
      { 'project/models/one': '../../elsewhere/shared', 'project/models/two': '../../elsewhere/shared' },
    );
    expect(models(project)).toEqual(['models/one/c.sql', 'models/two/c.sql']);
  });

  it('reports a link to a folder that contains it, naming the link, instead of following it forever', () => {
    const project = tree({ 'project/models/sub/a.sql': 'select 1' }, { 'project/models/sub/back': '..' });
    const err = (() => {
      try {
        models(project);
      } catch (e) {
        return e;
      }
    })() as TsmodelError;
    expect(err).toBeInstanceOf(TsmodelError);
    expect(err.message).toBe('symlink loop: models/sub/back points to models, a folder that contains it');
    expect(err.location).toEqual({ file: 'models/sub/back' });
    // A loop through a folder outside the project is caught too.
    const outside = tree(
      { 'elsewhere/x/a.sql': 'select 1' },
      {
        'project/models/x': '../../elsewhere/x',
        'elsewhere/x/again': '../x',
      },
    );
    expect(() => models(outside)).toThrow(/symlink loop: models\/x\/again points to .*elsewhere\/x/);
  });

  it('reports a broken link to a model file; ignores one with another extension', () => {
    const project = tree(
      { 'project/models/a.sql': 'select 1' },
      {
        'project/models/gone.sql': '../../elsewhere/gone.sql',
        'project/models/notes.txt': 'nowhere',
      },
    );
    expect(() => models(project)).toThrow('models/gone.sql is a symlink to nothing');
    expect(listFiles(project, ['models'], ['.md'])).toEqual([]);
  });
});

import { mkdtempSync, mkdirSync, rmSync, writeFileSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { PgliteTarget } from '../../config/index.js';

/** A PGlite target no test opens: for parse, compile and load tests that never reach a database. */
export const offlineTarget: PgliteTarget = {
  type: 'pglite',
  name: 'dev',
  profileName: 'shop',
  schema: 'main',
  threads: 1,
  retries: 0,
  retryDelayMs: 0,
  path: '/nonexistent',
};

/** A throwaway project folder for tests: files written from a map of relative path → contents. */
export interface ProjectFixture {
  dir: string;
  write(path: string, contents: string | Uint8Array): void;
  remove(path: string): void;
  dispose(): void;
}

export function projectFixture(files: Record<string, string>): ProjectFixture {
  const dir = mkdtempSync(join(tmpdir(), 'tsmodel-project-'));
  const write = (path: string, contents: string | Uint8Array) => {
    const abs = join(dir, path);
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, contents);
  };
  for (const [path, contents] of Object.entries(files)) write(path, contents);
  return {
    dir,
    write,
    remove: (path) => unlinkSync(join(dir, path)),
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}

import { mkdtempSync, mkdirSync, rmSync, writeFileSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

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

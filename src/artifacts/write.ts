import { mkdirSync, writeFileSync, appendFileSync, readFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Writes a file under the project root, creating folders. The only writer of target/ (and logs/). */
export function writeProjectFile(projectRoot: string, relPath: string, contents: string): void {
  const abs = join(projectRoot, relPath);
  mkdirSync(dirname(abs), { recursive: true });
  writeFileSync(abs, contents);
}

export function writeJson(projectRoot: string, relPath: string, value: unknown): void {
  writeProjectFile(projectRoot, relPath, `${JSON.stringify(value, null, 2)}\n`);
}

/** An appender for logs/pipeline.log (one JSON line per call). */
export function logFileWriter(projectRoot: string, relPath: string): (line: string) => void {
  const abs = join(projectRoot, relPath);
  mkdirSync(dirname(abs), { recursive: true });
  return (line) => appendFileSync(abs, `${line}\n`);
}

/** Reads a JSON artifact from an earlier run (for --state); undefined when absent. */
export function readJsonIfExists(absPath: string): unknown {
  if (!existsSync(absPath)) return undefined;
  return JSON.parse(readFileSync(absPath, 'utf8'));
}

import { readFile as readFileCb, stat as statCb, writeFile as writeFileCb } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import type { ProjectNode } from '../parse/index.js';
import { scrubText } from '../secrets/index.js';
import { compiledPath, runPath } from './paths.js';
import { knownDir, rememberDir, writeError } from './write.js';

// node:fs's callback functions, not fs/promises': no FileHandle per call, about half the main thread's time for
// a run's thousands of small files.
const readFile = promisify(readFileCb);
const stat = promisify(statCb);
const writeFile = promisify(writeFileCb);

/** Whether a file already holds exactly this text (as write.ts's sameContents, without blocking). */
async function sameContents(abs: string, contents: string): Promise<boolean> {
  try {
    const st = await stat(abs);
    if (!st.isFile() || st.size !== Buffer.byteLength(contents)) return false;
    return (await readFile(abs, 'utf8')) === contents;
  } catch {
    return false;
  }
}

async function writeChanged(projectRoot: string, relPath: string, raw: string): Promise<void> {
  const abs = join(projectRoot, relPath);
  const dir = dirname(abs);
  const contents = scrubText(raw);
  try {
    if (!knownDir(dir)) {
      await mkdir(dir, { recursive: true });
      rememberDir(dir);
    }
    if (await sameContents(abs, contents)) return;
    await writeFile(abs, contents).catch(async (err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') throw err;
      await mkdir(dir, { recursive: true }); // the folder was removed since (tsmodel clean while watching)
      await writeFile(abs, contents);
    });
  } catch (err) {
    throw writeError(abs, err);
  }
}

/**
 * A run's target/compiled and target/run files, written as each node ends, without blocking: the writes go on
 * while the run waits for the database. `done()` waits for every write and throws the first failure (a full
 * disk, as writeProjectFile would have thrown it at the end of the run).
 */
export class NodeFiles {
  private readonly pending: Promise<void>[] = [];
  private failure: { error: unknown } | undefined;

  constructor(
    private readonly projectRoot: string,
    private readonly targetPath: string,
  ) {}

  write(node: ProjectNode, files: { compiledSql?: string; runSql?: string }): void {
    if (files.compiledSql !== undefined)
      this.track(writeChanged(this.projectRoot, compiledPath(this.targetPath, node), `${files.compiledSql}\n`));
    if (files.runSql !== undefined)
      this.track(writeChanged(this.projectRoot, runPath(this.targetPath, node), files.runSql));
  }

  async done(): Promise<void> {
    await Promise.all(this.pending);
    if (this.failure) throw this.failure.error;
  }

  private track(p: Promise<void>): void {
    // Caught at once (no unhandled rejection while the run goes on), thrown by done().
    this.pending.push(p.catch((error: unknown) => void (this.failure ??= { error })));
  }
}

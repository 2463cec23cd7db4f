import type { ProjectNode } from '../parse/index.js';
import { compiledPath, runPath } from './paths.js';
import { writeProjectFile } from './write.js';

/**
 * A run's target/compiled and target/run files, written as nodes end but off the run's critical path: a node's
 * files are queued and written in the next turn of the event loop (setImmediate), by which time the next node's
 * statements are on their way to the database, so the writes overlap its work instead of delaying it. (Started
 * at once, as before, node:fs's asynchronous calls cost the main thread ~0.3 ms per node between one node's
 * answer and the next node's batch, most of it handing each stat to the thread pool.) There they are synchronous:
 * a file already holding the text is checked by stat and read, a changed one rewritten, without the thread
 * pool's round trips (four to eight per file, and the context switches on the cores the database shares).
 * `done()` waits for the last writes and throws the first failure (a full disk, named as writeProjectFile names it).
 */
export class NodeFiles {
  private readonly queue: { relPath: string; text: string }[] = [];
  private flushing: Promise<void> | undefined;
  private failure: { error: unknown } | undefined;

  constructor(
    private readonly projectRoot: string,
    private readonly targetPath: string,
  ) {}

  write(node: ProjectNode, files: { compiledSql?: string; runSql?: string }): void {
    if (files.compiledSql !== undefined)
      this.queue.push({ relPath: compiledPath(this.targetPath, node), text: `${files.compiledSql}\n` });
    if (files.runSql !== undefined) this.queue.push({ relPath: runPath(this.targetPath, node), text: files.runSql });
    this.flushing ??= new Promise((resolve) => setImmediate(() => resolve(this.flush())));
  }

  async done(): Promise<void> {
    while (this.flushing) await this.flushing;
    if (this.failure) throw this.failure.error;
  }

  private flush(): void {
    this.flushing = undefined;
    for (const { relPath, text } of this.queue.splice(0)) {
      try {
        writeProjectFile(this.projectRoot, relPath, text);
      } catch (error) {
        this.failure ??= { error };
      }
    }
  }
}

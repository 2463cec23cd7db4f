import type { LoadedProject } from '../api/load.js';
import type { EventBus, WatchSummary } from '../events/index.js';
import type { Graph } from '../graph/index.js';
import type { Fingerprints } from './fingerprint.js';

const WITH_RELATION = new Set(['model', 'seed', 'snapshot']);

/** The last time a node was built in this session. */
interface BuildRecord {
  parseKey: string;
  fingerprint: string;
  ok: boolean;
}

/**
 * What watch mode remembers of each node between rebuilds: how it looked when it was last built
 * (its parse key and build fingerprint, and whether the build succeeded), and which nodes a
 * cancelled or failed rebuild left unfinished ("dirty", rebuilt next time whatever changed).
 */
export class BuildRecords {
  private readonly records = new Map<string, BuildRecord>();
  private readonly dirty = new Set<string>();

  /** A node was built (or tested): remember how it looked. */
  built(id: string, fp: Fingerprints, ok: boolean): void {
    this.records.set(id, { parseKey: fp.parseKey(id), fingerprint: fp.fingerprint(id), ok });
    this.dirty.delete(id);
  }

  /** Whether the node's last build in this session succeeded. */
  succeeded(id: string): boolean {
    return this.records.get(id)?.ok === true;
  }

  /** A node was not finished: build it next time whatever changed. */
  unfinished(id: string): void {
    this.dirty.add(id);
  }

  /** Forgets everything (the target changed: everything is built again). */
  clear(): void {
    this.records.clear();
    this.dirty.clear();
  }

  /** Nodes gone since the last parse: forgotten, and their relations left alone (said in the log). */
  forgetRemoved(last: LoadedProject | undefined, project: LoadedProject, bus: EventBus): WatchSummary['removed'] {
    const removed: WatchSummary['removed'] = [];
    if (!last) return removed;
    for (const [id, node] of last.graph.nodes) {
      if (project.graph.nodes.has(id)) continue;
      this.records.delete(id);
      this.dirty.delete(id);
      if (!WITH_RELATION.has(node.resourceType) || !node.relation || node.config.materialized === 'ephemeral') continue;
      const relationName = `${node.relation.schema}.${node.relation.identifier}`;
      removed.push({ name: node.name, relationName });
      bus.log(
        'info',
        `${node.resourceType} ${node.name} (${node.originalFilePath}) left the graph; its relation ` +
          `${relationName} is left in the database: drop it yourself if it is no longer wanted`,
      );
    }
    return removed;
  }

  /**
   * The selected nodes to rebuild: never built in this session, left
   * unfinished by a cancelled rebuild, or whose build would differ from the
   * last (compiled SQL, config…). A node whose last build failed is also
   * tried again when its file is saved, even unchanged.
   */
  modified(
    project: LoadedProject,
    bound: ReadonlySet<string>,
    fp: Fingerprints,
    touched: ReadonlySet<string>,
  ): Set<string> {
    const modified = new Set<string>();
    for (const id of bound) {
      const rec = this.records.get(id);
      if (!rec || this.dirty.has(id)) {
        modified.add(id);
        continue;
      }
      const node = project.graph.nodes.get(id)!;
      const retry =
        !rec.ok &&
        (touched.has(node.originalFilePath) || (node.patchPath !== undefined && touched.has(node.patchPath)));
      const key = fp.parseKey(id);
      if (key === rec.parseKey && !retry) continue;
      if (retry || fp.fingerprint(id) !== rec.fingerprint) modified.add(id);
      else rec.parseKey = key; // e.g. whitespace: next time the key alone says "unchanged"
    }
    return modified;
  }
}

/** The nodes and everything downstream of them, within the bound. */
export function downstream(graph: Graph, roots: ReadonlySet<string>, bound: ReadonlySet<string>): Set<string> {
  const seen = new Set<string>(roots);
  const queue = [...roots];
  while (queue.length > 0) {
    const id = queue.pop()!;
    for (const child of graph.children.get(id) ?? []) {
      if (seen.has(child)) continue;
      seen.add(child);
      queue.push(child);
    }
  }
  // A rebuilt model's unit tests run again first (build gates the model on them).
  for (const [id, n] of graph.nodes) if (n.unitTest && seen.has(n.unitTest.modelId)) seen.add(id);
  return new Set([...seen].filter((id) => bound.has(id)));
}

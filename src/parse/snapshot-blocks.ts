import type { ProjectFile } from '../project/index.js';

export interface SnapshotBlock {
  name: string;
  /** The block's body, preceded by as many newlines as lines before it, so template errors keep the file's line numbers. */
  body: string;
  line: number;
}

const BLOCK_RE = /\{%-?\s*snapshot\s+([A-Za-z_][\w]*)\s*-?%\}([\s\S]*?)\{%-?\s*endsnapshot\s*-?%\}/g;

/** Extracts dbt's {% snapshot name %} … {% endsnapshot %} blocks from a snapshot file. */
export function snapshotBlocks(file: ProjectFile): SnapshotBlock[] {
  const out: SnapshotBlock[] = [];
  for (const m of file.contents.matchAll(BLOCK_RE)) {
    const bodyStart = m.index + m[0].indexOf(m[2]!, m[0].indexOf('%}'));
    const before = file.contents.slice(0, bodyStart);
    const newlines = (before.match(/\n/g) ?? []).length;
    out.push({
      name: m[1]!,
      body: '\n'.repeat(newlines) + before.slice(before.lastIndexOf('\n') + 1).replace(/[^\s]/g, ' ') + m[2]!,
      line: (file.contents.slice(0, m.index).match(/\n/g) ?? []).length + 1,
    });
  }
  return out;
}

const OPEN_RE = /\{%-?\s*snapshot\s+([A-Za-z_][\w]*)\s*-?%\}/g;

/**
 * What would make a snapshot file's blocks silently disappear: an opening
 * {% snapshot name %} without its {% endsnapshot %} (the file, or that block,
 * would build nothing), or SQL with no snapshot block at all.
 */
export function snapshotFileProblem(
  file: ProjectFile,
  blocks: readonly SnapshotBlock[],
): { kind: 'unclosed' | 'none'; message: string; line: number } | undefined {
  const lineAt = (i: number) => (file.contents.slice(0, i).match(/\n/g) ?? []).length + 1;
  const opened = [...file.contents.matchAll(OPEN_RE)];
  const closed = new Set(blocks.map((b) => b.line));
  const unclosed = opened.find((m) => !closed.has(lineAt(m.index)));
  if (unclosed) {
    return {
      kind: 'unclosed',
      message: `snapshot '${unclosed[1]}' is never closed: its {% snapshot %} has no {% endsnapshot %}`,
      line: lineAt(unclosed.index),
    };
  }
  if (opened.length === 0 && file.contents.replace(/\{#[\s\S]*?#\}|--[^\n]*/g, '').trim() !== '') {
    return {
      kind: 'none',
      message: `${file.path} has no {% snapshot name %} … {% endsnapshot %} block: nothing in it is built`,
      line: 1,
    };
  }
  return undefined;
}

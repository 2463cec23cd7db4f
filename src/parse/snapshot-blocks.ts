import { TsmodelError } from '../errors/index.js';
import type { ProjectFile } from '../project/index.js';

export interface SnapshotBlock {
  name: string;
  /** The block's body, preceded by as many newlines as lines before it, so template errors keep the file's line numbers. */
  body: string;
  line: number;
}

// A name is an identifier as Jinja reads one: letters (any script), digits, underscores.
const BLOCK_RE = /\{%-?\s*snapshot\s+([\p{L}_][\p{L}\p{N}_]*)\s*-?%\}([\s\S]*?)\{%-?\s*endsnapshot\s*-?%\}/gu;
const OPENING_RE = /\{%-?\s*snapshot\b/g;

const lineAt = (text: string, index: number) => (text.slice(0, index).match(/\n/g) ?? []).length + 1;

/**
 * Extracts dbt's {% snapshot name %} … {% endsnapshot %} blocks from a
 * snapshot file. An opening tag that starts no readable block (a name that is
 * not an identifier, no {% endsnapshot %}) is an error at its line, never a
 * snapshot silently left out.
 */
export function snapshotBlocks(file: ProjectFile): SnapshotBlock[] {
  const out: SnapshotBlock[] = [];
  const starts = new Set([...file.contents.matchAll(BLOCK_RE)].map((m) => m.index));
  for (const m of file.contents.matchAll(OPENING_RE)) {
    if (starts.has(m.index)) continue;
    throw new TsmodelError(
      'template',
      "this {% snapshot %} block can't be read: its name is not an identifier, or it has no {% endsnapshot %}",
      {
        location: { file: file.path, line: lineAt(file.contents, m.index) },
        hint: 'Write {% snapshot name %} … {% endsnapshot %}, the name an identifier (letters, digits, underscores).',
      },
    );
  }
  for (const m of file.contents.matchAll(BLOCK_RE)) {
    const bodyStart = m.index + m[0].indexOf(m[2]!, m[0].indexOf('%}'));
    const before = file.contents.slice(0, bodyStart);
    const newlines = (before.match(/\n/g) ?? []).length;
    out.push({
      name: m[1]!,
      body: '\n'.repeat(newlines) + before.slice(before.lastIndexOf('\n') + 1).replace(/[^\s]/g, ' ') + m[2]!,
      line: lineAt(file.contents, m.index),
    });
  }
  return out;
}

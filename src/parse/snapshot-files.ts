import type { Warning } from '../config/types.js';
import type { ProjectFile } from '../project/index.js';

/**
 * A file under snapshot-paths holding SQL but no {% snapshot %} tag at all:
 * nothing in it is built, which deserves a word (an unreadable or unclosed
 * block is an error: see snapshotBlocks). Comments and blank files say nothing.
 */
export function snapshotFileWithoutBlock(file: ProjectFile): Warning | undefined {
  if (/\{%-?\s*snapshot\b/.test(file.contents)) return undefined;
  if (file.contents.replace(/\{#[\s\S]*?#\}|--[^\n]*/g, '').trim() === '') return undefined;
  return {
    message: `${file.path} has no {% snapshot name %} … {% endsnapshot %} block: nothing in it is built`,
    location: { file: file.path, line: 1 },
  };
}

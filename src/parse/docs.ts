import type { DocBlock } from './types.js';

const DOCS_RE = /\{%-?\s*docs\s+([A-Za-z_][\w]*)\s*-?%\}([\s\S]*?)\{%-?\s*enddocs\s*-?%\}/g;

/** Extracts {% docs name %}…{% enddocs %} blocks from a markdown file. */
export function parseDocBlocks(text: string, file: string): DocBlock[] {
  const out: DocBlock[] = [];
  for (const m of text.matchAll(DOCS_RE)) out.push({ name: m[1]!, contents: m[2]!.trim(), originalFilePath: file });
  return out;
}

/**
 * Summarises a V8 .cpuprofile (node --cpu-prof): self and inclusive time per
 * function, the top entries first. Used by `--profile` and for the README.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

interface CpuNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: CpuNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface ProfileEntry {
  fn: string;
  selfMs: number;
  totalMs: number;
  selfShare: number;
}

function label(n: CpuNode, root: string): string {
  const url = n.callFrame.url.replace(/^file:\/\//, '');
  const where = url
    ? `${url.startsWith(root) ? relative(root, url) : url.replace(/^.*node_modules\//, '')}:${n.callFrame.lineNumber + 1}`
    : '';
  return `${n.callFrame.functionName || '(anonymous)'}${where ? ` ${where}` : ''}`;
}

/** Self and inclusive milliseconds per function (recursion counted once per stack). */
export function summarizeProfile(
  file: string,
  root: string = process.cwd(),
  top = 25,
): { totalMs: number; bySelf: ProfileEntry[]; byTotal: ProfileEntry[] } {
  const p = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const selfUs = new Map<number, number>();
  p.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (p.timeDeltas[i] ?? 0)));
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const n = byId.get(id)!;
    const l = label(n, root);
    self.set(l, (self.get(l) ?? 0) + us);
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const lab = label(byId.get(cur)!, root);
      if (seen.has(lab)) continue;
      seen.add(lab);
      total.set(lab, (total.get(lab) ?? 0) + us);
    }
  }
  const totalUs = [...selfUs.values()].reduce((a, b) => a + b, 0);
  const entries = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([fn]) => ({
        fn,
        selfMs: Math.round((self.get(fn) ?? 0) / 1000),
        totalMs: Math.round((total.get(fn) ?? 0) / 1000),
        selfShare: Math.round(((self.get(fn) ?? 0) / totalUs) * 1000) / 10,
      }));
  return { totalMs: Math.round(totalUs / 1000), bySelf: entries(self), byTotal: entries(total) };
}

/** Summarises the first .cpuprofile in `dir` (when profiling was on) into a section's details. */
export function attachProfile(
  details: Record<string, unknown>,
  key: string,
  dir: string | undefined,
  root?: string,
): void {
  if (!dir) return;
  const file = readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .sort()[0];
  if (file) details[key] = { file: join(dir, file), ...summarizeProfile(join(dir, file), root, 20) };
}

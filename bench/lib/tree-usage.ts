/**
 * CPU time and peak RSS of a process and all its descendants, read from /proc while they run (Linux). A
 * process's rusage (what /usr/bin/time reports) leaves out children it never waited for: Dataform's CLI
 * compiles in a forked child that it SIGKILLs once it has the result, so only sampling sees that child's
 * CPU. Sampled every `everyMs` (all of /proc, for each process's parent): a process is seen up to that long
 * before it ends (clock ticks are 10 ms).
 */
import { readFileSync, readdirSync } from 'node:fs';

const TICK_MS = 10; // USER_HZ is 100 on Linux

interface Seen {
  ppid: number;
  cpuMs: number;
  rssMb: number;
}

/** Every process's parent, CPU time and RSS (the kernel here has no /proc/<pid>/task/<tid>/children). */
function processes(): Map<number, Seen> {
  const out = new Map<number, Seen>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const text = readFileSync(`/proc/${name}/stat`, 'utf8');
      // Fields after the command (which may hold spaces) start after its closing parenthesis.
      const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
      const ticks = Number(f[11]) + Number(f[12]); // utime, stime (fields 14 and 15)
      out.set(Number(name), { ppid: Number(f[1]), cpuMs: ticks * TICK_MS, rssMb: (Number(f[21]) * 4096) / 1048576 });
    } catch {
      // ended meanwhile
    }
  }
  return out;
}

/** Starts sampling the tree under `pid`; `stop()` returns the CPU time summed over every process seen and the peak RSS. */
export function sampleTree(pid: number, everyMs = 50): { stop(): { cpuMs: number; rssMb: number } } {
  const cpu = new Map<number, number>();
  let peakRss = 0;
  const sample = () => {
    const all = processes();
    const kids = new Map<number, number[]>();
    for (const [p, s] of all) kids.set(s.ppid, [...(kids.get(s.ppid) ?? []), p]);
    let rss = 0;
    for (const stack = [pid]; stack.length > 0;) {
      const p = stack.pop()!;
      const s = all.get(p);
      if (!s) continue;
      cpu.set(p, Math.max(cpu.get(p) ?? 0, s.cpuMs));
      rss += s.rssMb;
      stack.push(...(kids.get(p) ?? []));
    }
    peakRss = Math.max(peakRss, rss);
  };
  sample();
  const timer = setInterval(sample, everyMs);
  return {
    stop: () => {
      clearInterval(timer);
      return { cpuMs: [...cpu.values()].reduce((a, b) => a + b, 0), rssMb: peakRss };
    },
  };
}

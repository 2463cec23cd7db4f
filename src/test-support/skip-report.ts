/**
 * A Vitest reporter that closes the run with one line: how many cases were skipped and why, read
 * from the `[skipped: reason]` mark that describeEachDatabase and the server-only suites put in
 * their titles. Cases skipped without a mark (it.runIf(kind === 'postgres') inside the PGlite
 * suite, and the like) are counted as "not for that engine".
 */
import type { Reporter, TestModule } from 'vitest/node';

const MARK = /\[skipped: ([^\]]+)\]/;

export default class SkipReport implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const reasons = new Map<string, number>();
    let total = 0;
    for (const module of modules) {
      for (const test of module.children.allTests('skipped')) {
        const reason = MARK.exec(test.fullName)?.[1] ?? 'not for that engine or setup (runIf/skipIf in the test)';
        reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
        total++;
      }
    }
    const parts = [...reasons].sort((a, b) => b[1] - a[1]).map(([reason, n]) => `${n}: ${reason}`);
    process.stdout.write(total ? `Skipped cases: ${total} (${parts.join('; ')})\n` : 'Skipped cases: none\n');
  }
}

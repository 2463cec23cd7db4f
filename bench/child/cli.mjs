/**
 * Child process: the built tsmodel CLI (dist/ compiled from these sources by
 * bench/lib/cli-build.ts) as a user runs it, in plain Node: one command, then
 * exit. Prints what the bench needs at the end (CliChildResult in
 * bench/sections/compile-cli.ts): the peak RSS, when the first node started
 * (with --log-format json: the moment before a run's first statement), the exit code.
 *
 *   node bench/child/cli.mjs '{"entry":"…/cli/index.js","projectDir":"…","args":["compile"]}'
 */
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';

const RESULT_MARK = 'BENCH_RESULT '; // bench/lib/proc.ts
const input = JSON.parse(process.argv[2]);
let firstNodeMs;
const write = process.stdout.write.bind(process.stdout);
process.stdout.write = (chunk, ...rest) => {
  if (firstNodeMs === undefined && String(chunk).includes('"event":"node-start"')) firstNodeMs = performance.now();
  return write(chunk, ...rest);
};
try {
  const { main } = await import(pathToFileURL(input.entry).href);
  await main([...input.args, '--project-dir', input.projectDir]);
} catch {
  process.exitCode = 1;
}
const result = {
  exitCode: Number(process.exitCode ?? 0),
  ...(firstNodeMs === undefined ? {} : { firstNodeMs }),
  endMs: performance.now(),
  maxRssMb: process.resourceUsage().maxRSS / 1024,
};
await new Promise((resolve) => write(`\n${RESULT_MARK}${JSON.stringify(result)}\n`, resolve));
process.exit();

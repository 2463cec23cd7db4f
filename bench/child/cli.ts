/**
 * Child process: the tsmodel CLI from the sources, as a user runs it (one
 * command, then exit), with what the bench needs printed at the end: the
 * process's peak RSS, when the first node started (with --log-format json:
 * the moment before a run's first statement), and the exit code.
 *
 *   node --import tsx bench/child/cli.ts '{"projectDir":"…","args":["compile"]}'
 */
import { main } from '../../src/cli/index.js';
import { maxRssMb, printResult } from '../lib/proc.js';

export interface CliChildInput {
  /** The project folder (given as --project-dir: the working folder stays the repository's, where tsx resolves). */
  projectDir: string;
  args: string[];
}

export interface CliChildResult {
  exitCode: number;
  /** Milliseconds from the process's start (Node's time origin) to the first node-start event, if any. */
  firstNodeMs?: number;
  /** Milliseconds from the process's start to the command's end. */
  endMs: number;
  maxRssMb: number;
}

const input = JSON.parse(process.argv[2]!) as CliChildInput;
let firstNodeMs: number | undefined;
const write = process.stdout.write.bind(process.stdout) as (chunk: unknown, ...rest: unknown[]) => boolean;
process.stdout.write = ((chunk: unknown, ...rest: unknown[]) => {
  if (firstNodeMs === undefined && String(chunk).includes('"event":"node-start"')) firstNodeMs = performance.now();
  return write(chunk, ...rest);
}) as typeof process.stdout.write;
try {
  await main([...input.args, '--project-dir', input.projectDir]);
} catch {
  process.exitCode = 1;
}
const result: CliChildResult = {
  exitCode: Number(process.exitCode ?? 0),
  ...(firstNodeMs === undefined ? {} : { firstNodeMs }),
  endMs: performance.now(),
  maxRssMb: maxRssMb(),
};
await printResult(result);
process.exit();

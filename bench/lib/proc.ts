/**
 * Child processes: tsmodel's side of every comparison runs in its own Node
 * process (so its peak RSS is its own), psql runs as psql.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

export const BENCH_DIR = dirname(dirname(fileURLToPath(import.meta.url)));
export const REPO_ROOT = dirname(BENCH_DIR);
export const RESULT_MARK = 'BENCH_RESULT ';

export class ChildTimeout extends Error {
  constructor(
    readonly what: string,
    readonly timeoutMs: number,
  ) {
    super(`${what} did not finish within ${Math.round(timeoutMs / 1000)} s (stopped)`);
  }
}

export interface CmdResult {
  wallMs: number;
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CmdOptions {
  timeoutMs?: number;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Throw when the exit code is not 0 (default true). */
  check?: boolean;
}

/** Runs a command to its end; wallMs is from spawn to exit. */
export function runCmd(cmd: string, args: string[], opts: CmdOptions = {}): Promise<CmdResult> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(cmd, args, {
      cwd: opts.cwd ?? REPO_ROOT,
      env: opts.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (stdout.length > 4_000_000) stdout = stdout.slice(-1_000_000);
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (stderr.length > 4_000_000) stderr = stderr.slice(-1_000_000);
    });
    let timedOut = false;
    const timer = opts.timeoutMs
      ? setTimeout(() => {
          timedOut = true;
          child.kill('SIGKILL');
        }, opts.timeoutMs)
      : undefined;
    child.on('error', (err) => {
      if (timer) clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code) => {
      if (timer) clearTimeout(timer);
      const wallMs = performance.now() - started;
      if (timedOut) return reject(new ChildTimeout(`${cmd} ${args[0] ?? ''}`, opts.timeoutMs!));
      if ((opts.check ?? true) && code !== 0) {
        return reject(
          new Error(`${cmd} exited with ${code}: ${stderr.trim().slice(-2000) || stdout.trim().slice(-2000)}`),
        );
      }
      resolve({ wallMs, code, stdout, stderr });
    });
  });
}

export interface ChildOptions {
  timeoutMs?: number;
  /** Write a V8 CPU profile of the child into this folder. */
  cpuProfDir?: string;
  /** bench/child/<script>.mjs in plain Node (no tsx), for children that run the built CLI. */
  plain?: boolean;
}

export interface ChildRun<T> {
  /** From spawn to exit, including Node's start and tsx's loading of the sources. */
  wallMs: number;
  result: T;
  stderr: string;
}

/** Runs bench/child/<script>.ts under tsx (or <script>.mjs, plain) with a JSON input; the child prints its
 * result after RESULT_MARK. */
export async function runChild<T>(script: string, input: unknown, opts: ChildOptions = {}): Promise<ChildRun<T>> {
  const args = opts.plain ? [] : ['--import', 'tsx'];
  if (opts.cpuProfDir) args.push('--cpu-prof', `--cpu-prof-dir=${opts.cpuProfDir}`);
  args.push(join(BENCH_DIR, 'child', `${script}.${opts.plain ? 'mjs' : 'ts'}`), JSON.stringify(input));
  const r = await runCmd(process.execPath, args, { timeoutMs: opts.timeoutMs, check: false });
  const line = r.stdout
    .split('\n')
    .reverse()
    .find((l) => l.startsWith(RESULT_MARK));
  if (!line) throw new Error(`bench child ${script} printed no result (exit ${r.code}): ${briefError(r.stderr)}`);
  const result = JSON.parse(line.slice(RESULT_MARK.length)) as T & { ok?: boolean; error?: string };
  if (result.ok === false) throw new Error(`bench child ${script} failed: ${result.error}`);
  return { wallMs: r.wallMs, result, stderr: r.stderr };
}

/** A child's stderr without stack frames and Node's banner lines, shortened. */
export function briefError(stderr: string): string {
  const lines = stderr
    .split('\n')
    .filter(
      (l) => l.trim() && !/^\s+at /.test(l) && !/triggerUncaughtException|^\s*\^\s*$|^Node\.js v|run_main:/.test(l),
    );
  return lines.join(' ').replace(/\s+/g, ' ').slice(0, 1500);
}

/** What a child prints at its end (then exits). */
export function printResult(result: unknown): Promise<void> {
  return new Promise((resolve) => process.stdout.write(`\n${RESULT_MARK}${JSON.stringify(result)}\n`, () => resolve()));
}

/** Peak RSS of this process so far, in MB. */
export function maxRssMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}

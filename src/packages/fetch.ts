import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { TsmodelError, type SourceLocation } from '../errors/index.js';

const run = promisify(execFile);

/** A failure to get a package: one line naming the entry. */
export function fetchError(at: SourceLocation, entry: string, what: string, hint: string): TsmodelError {
  return new TsmodelError('config', `${entry}: ${what}`, { location: at, hint });
}

/** The first meaningful line of a command's error output. */
function firstLine(err: unknown): string {
  const e = err as { stderr?: string; message?: string; code?: string };
  if (e.code === 'ENOENT') return 'the command was not found';
  const text = (e.stderr || e.message || String(err)).trim();
  const lines = text.split('\n').map((l) => l.trim());
  return lines.find((l) => /^(fatal|error):/i.test(l))?.replace(/^(fatal|error):\s*/i, '') ?? lines[0] ?? text;
}

async function git(args: string[], cwd?: string): Promise<string> {
  const { stdout } = await run('git', args, {
    cwd,
    env: { ...process.env, GIT_TERMINAL_PROMPT: '0' },
    maxBuffer: 16 * 1024 * 1024,
  });
  return stdout.trim();
}

/**
 * Clones `url` into `dest` at `revision` (a tag, a branch or a commit; the
 * default branch when none) and returns the commit it is at. The .git folder
 * is removed: an installed package is files only.
 */
export async function fetchGit(
  url: string,
  revision: string | undefined,
  dest: string,
  at: SourceLocation,
  entry: string,
): Promise<string> {
  try {
    await git(['clone', '--quiet', '--no-checkout', url, dest]);
  } catch (err) {
    throw fetchError(at, entry, `cannot clone (${firstLine(err)})`, 'Check the URL and that git can reach it.');
  }
  let commit: string;
  try {
    const ref = revision ?? 'HEAD';
    // A branch name is known as origin/<branch> in a fresh clone; a tag or a commit as itself.
    commit = await git(['rev-parse', '--verify', '--quiet', `origin/${ref}^{commit}`], dest).catch(() =>
      git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], dest),
    );
    await git(['checkout', '--quiet', commit], dest);
  } catch {
    throw fetchError(
      at,
      entry,
      `revision '${revision}' was not found in the repository`,
      'Give a tag, a branch or a commit that exists (git ls-remote <url> lists them).',
    );
  }
  rmSync(join(dest, '.git'), { recursive: true, force: true });
  return commit;
}

/** Downloads a URL (http, https or file) into memory. */
export async function download(url: string, at: SourceLocation, entry: string): Promise<Buffer> {
  let response: Response;
  try {
    response = await fetch(url);
  } catch (err) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    throw fetchError(
      at,
      entry,
      `cannot download ${url} (${cause?.code ?? cause?.message ?? (err as Error).message})`,
      'Check the URL and the network.',
    );
  }
  if (!response.ok)
    throw fetchError(at, entry, `${url} answered HTTP ${response.status}`, 'Check the URL (and the version).');
  return Buffer.from(await response.arrayBuffer());
}

/** Downloads JSON; undefined on HTTP 404. */
export async function downloadJson(url: string, at: SourceLocation, entry: string): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(url, { headers: { accept: 'application/json' } });
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause;
    throw fetchError(
      at,
      entry,
      `the package hub is unreachable at ${url} (${cause?.code ?? (err as Error).message})`,
      'Check the network, or set DBT_PACKAGE_HUB_URL (or TSMODEL_HUB_URL) to a reachable hub.',
    );
  }
  if (response.status === 404) return undefined;
  if (!response.ok)
    throw fetchError(at, entry, `the package hub answered HTTP ${response.status} for ${url}`, 'Try again later.');
  try {
    return await response.json();
  } catch {
    throw fetchError(at, entry, `the package hub sent something that is not JSON at ${url}`, 'Check the hub URL.');
  }
}

/**
 * Unpacks a .tar.gz into `dest` with the tar command. A tarball holding one
 * folder (as GitHub's and the hub's do) gives that folder's contents.
 */
export async function unpackTarball(data: Buffer, dest: string, at: SourceLocation, entry: string): Promise<void> {
  const scratch = `${dest}.unpack`;
  mkdirSync(scratch, { recursive: true });
  const file = join(scratch, '..', `${Date.now()}-${Math.random().toString(36).slice(2)}.tar.gz`);
  writeFileSync(file, data);
  try {
    await run('tar', ['-xzf', file, '-C', scratch]);
  } catch (err) {
    rmSync(scratch, { recursive: true, force: true });
    throw fetchError(at, entry, `is not a readable .tar.gz (${firstLine(err)})`, 'Check the URL points at a tarball.');
  } finally {
    rmSync(file, { force: true });
  }
  const top = readdirSync(scratch).filter((n) => n !== 'pax_global_header');
  const single = top.length === 1 && statSync(join(scratch, top[0]!)).isDirectory();
  if (single) {
    renameSync(join(scratch, top[0]!), dest);
    rmSync(scratch, { recursive: true, force: true });
  } else renameSync(scratch, dest);
}

/** The folder a `subdirectory:` names inside a fetched package, checked. */
export function subfolder(root: string, sub: string | undefined, at: SourceLocation, entry: string): string {
  if (!sub) return root;
  const dir = resolve(root, sub);
  if (!dir.startsWith(resolve(root)) || !existsSync(dir) || !statSync(dir).isDirectory())
    throw fetchError(
      at,
      entry,
      `subdirectory '${sub}' does not exist in it`,
      'Check subdirectory: against the repository.',
    );
  return dir;
}

/**
 * Package sources for the packages tests, all local and real: a copy of a
 * fixture folder, a bare git repository made from it, a .tar.gz of it, and a
 * small package hub (dbt's HTTP API shape) on 127.0.0.1.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

export const FIXTURES = resolve(import.meta.dirname, '../__fixtures__');

/** A temp folder removed by the returned function. */
export function tempDir(prefix = 'tsmodel-pkg-'): { dir: string; dispose(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Copies fixture `name` to `dest` (made), with files overridden or added from `extra`. */
export function copyFixture(name: string, dest: string, extra: Record<string, string> = {}): string {
  cpSync(join(FIXTURES, name), dest, { recursive: true });
  for (const [path, text] of Object.entries(extra)) {
    mkdirSync(dirname(join(dest, path)), { recursive: true });
    writeFileSync(join(dest, path), text);
  }
  return dest;
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=tsmodel', '-c', 'user.email=tests@tsmodel.invalid', ...args], {
    cwd,
    encoding: 'utf8',
  }).trim();
}

/**
 * A bare repository whose history has the folder `src` at `subdirectory`
 * (or at the top) tagged v1.0, then a second commit on a branch `next`
 * changing `changedFile`. Returns its path (a URL git clones) and the commits.
 */
export function bareRepo(
  src: string,
  where: string,
  opts: { subdirectory?: string; changedFile?: [string, string] } = {},
): { url: string; tagged: string; next: string } {
  const work = join(where, 'repo-work');
  cpSync(src, opts.subdirectory ? join(work, opts.subdirectory) : work, { recursive: true });
  writeFileSync(join(work, 'README.md'), 'a test package\n');
  git(work, 'init', '--quiet', '--initial-branch=main');
  git(work, 'add', '.');
  git(work, 'commit', '--quiet', '-m', 'first');
  git(work, 'tag', 'v1.0');
  const tagged = git(work, 'rev-parse', 'HEAD');
  git(work, 'checkout', '--quiet', '-b', 'next');
  const [file, text] = opts.changedFile ?? ['CHANGES.md', 'next\n'];
  writeFileSync(join(work, opts.subdirectory ?? '', file), text);
  git(work, 'add', '.');
  git(work, 'commit', '--quiet', '-m', 'second');
  const next = git(work, 'rev-parse', 'HEAD');
  git(work, 'checkout', '--quiet', 'main');
  const url = join(where, 'repo.git');
  execFileSync('git', ['clone', '--quiet', '--bare', work, url]);
  rmSync(work, { recursive: true, force: true });
  return { url, tagged, next };
}

/** A .tar.gz of `src`, with everything under one top folder `top` (as GitHub's tarballs are). */
export function tarball(src: string, top: string, where: string): Buffer {
  const stage = mkdtempSync(join(where, 'tar-'));
  cpSync(src, join(stage, top), { recursive: true });
  const file = join(where, `${top}-${Date.now()}.tar.gz`);
  execFileSync('tar', ['-czf', file, '-C', stage, top]);
  rmSync(stage, { recursive: true, force: true });
  const data = readFileSync(file);
  rmSync(file);
  return data;
}

export interface HubRelease {
  /** The package's project name. */
  name: string;
  tarball: Buffer;
  /** Dependencies, as the hub lists them (dbt's `packages` of a release). */
  packages?: unknown[];
}

export interface TestHub {
  url: string;
  /** Requests seen, in order (paths). */
  requests: string[];
  close(): Promise<void>;
}

/**
 * A package hub on 127.0.0.1: GET /api/v1/index.json lists the packages,
 * /api/v1/<owner>/<name>.json describes one (versions → downloads.tarball,
 * sha1), /tarballs/<owner>/<name>/<version>.tar.gz serves the archive.
 */
export async function startHub(packages: Record<string, Record<string, HubRelease>>): Promise<TestHub> {
  const requests: string[] = [];
  let base = '';
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    requests.push(path);
    const send = (status: number, body: string | Buffer, type = 'application/json') => {
      res.writeHead(status, { 'content-type': type });
      res.end(body);
    };
    if (path === '/api/v1/index.json') return send(200, JSON.stringify(Object.keys(packages)));
    const meta = /^\/api\/v1\/([^/]+\/[^/]+)\.json$/.exec(path);
    if (meta) {
      const releases = packages[meta[1]!];
      if (!releases) return send(404, JSON.stringify({ error: 'not found' }));
      const versions: Record<string, unknown> = {};
      for (const [version, r] of Object.entries(releases))
        versions[version] = {
          id: `${meta[1]}/${version}`,
          name: r.name,
          version,
          packages: r.packages ?? [],
          downloads: {
            tarball: `${base}/tarballs/${meta[1]}/${version}.tar.gz`,
            format: 'tgz',
            sha1: createHash('sha1').update(r.tarball).digest('hex'),
          },
        };
      const [namespace] = meta[1]!.split('/');
      const name = Object.values(releases)[0]?.name;
      return send(200, JSON.stringify({ name, namespace, latest: Object.keys(releases).pop(), versions }));
    }
    const tar = /^\/tarballs\/([^/]+\/[^/]+)\/([^/]+)\.tar\.gz$/.exec(path);
    const release = tar ? packages[tar[1]!]?.[tar[2]!] : undefined;
    if (release) return send(200, release.tarball, 'application/gzip');
    send(404, 'not found', 'text/plain');
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: `${base}/`,
    requests,
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}

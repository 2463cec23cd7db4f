/**
 * `npm test`'s pretest step: the page tests need a Chromium. When none is found, installs
 * Debian's package if it can (root and apt-get), else stops with one line saying what to install.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findBrowser, NO_BROWSER } from '../docs/test-support/find-browser.js';

function stop(line: string): never {
  process.stderr.write(`${line}\n`);
  process.exit(1);
}

function apt(args: string[], log: string[]): boolean {
  const res = spawnSync('apt-get', args, {
    encoding: 'utf8',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  log.push(`$ apt-get ${args.join(' ')}`, res.stdout ?? '', res.stderr ?? '');
  return res.status === 0;
}

if (!findBrowser()) {
  const root = process.getuid?.() === 0;
  const hasApt = existsSync('/usr/bin/apt-get');
  if (!root || !hasApt) stop(NO_BROWSER);
  process.stdout.write("No Chromium for the page tests: installing Debian's chromium (apt-get install -y chromium)…\n");
  const log: string[] = [];
  const ok =
    apt(['install', '-y', 'chromium'], log) || (apt(['update'], log) && apt(['install', '-y', 'chromium'], log));
  if (!ok || !findBrowser()) {
    const file = join(mkdtempSync(join(tmpdir(), 'tsmodel-pretest-')), 'apt.log');
    writeFileSync(file, log.join('\n'));
    stop(`Could not install chromium with apt-get (log: ${file}). ${NO_BROWSER}`);
  }
  process.stdout.write(`Chromium installed: ${findBrowser()}\n`);
}

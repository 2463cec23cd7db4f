/**
 * Where the page tests find Chromium (or Chrome): CHROMIUM_PATH, then TSMODEL_CHROMIUM (the older
 * name), then the usual Debian and Google paths, then the same names on PATH.
 */
import { accessSync, constants } from 'node:fs';
import path from 'node:path';

const NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable', 'chrome'];
const PATHS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/opt/google/chrome/chrome'];

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export function findBrowser(env: Readonly<Record<string, string | undefined>> = process.env): string | undefined {
  for (const given of [env.CHROMIUM_PATH, env.TSMODEL_CHROMIUM]) if (given && executable(given)) return given;
  for (const file of PATHS) if (executable(file)) return file;
  for (const dir of (env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    for (const name of NAMES) if (executable(path.join(dir, name))) return path.join(dir, name);
  }
  return undefined;
}

/** The one line said when no browser is found. */
export const NO_BROWSER =
  'No Chromium for the page tests (src/docs, src/dashboard): install it (Debian: apt-get install -y ' +
  'chromium) or set CHROMIUM_PATH to a Chromium or Chrome binary.';

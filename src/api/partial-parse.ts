import { createHash } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TSMODEL_VERSION } from '../artifacts/manifest.js';
import { readPartialParse, writePartialParse } from '../artifacts/partial-parse-file.js';
import type { ProjectConfig } from '../config/index.js';
import type { EventBus } from '../events/index.js';
import { parseProjectPartially, type ParseInputs, type PartialParse } from '../parse/index.js';
import { isSecretEnvName } from '../secrets/index.js';

/** The file, under the project's target path. */
export function partialParsePath(config: ProjectConfig): string {
  return resolve(config.projectRoot, config.targetPath, 'partial_parse.bin');
}

/** What a parse depends on in tsmodel itself: the folders whose code makes nodes. */
const CODE_FOLDERS = ['parse', 'template', 'config', 'project', 'test-catalog', 'packages'];
const stampMemo = new Map<string, string>();

/**
 * The code that parses (given `folders`, the code of those folders): tsmodel's version, Node's (V8's format) and
 * the size and time of every file of the folders that make nodes, so that a cache written by other code (another
 * version, a rebuilt or edited checkout) is never trusted.
 */
export function codeStamp(folders: readonly string[] = CODE_FOLDERS): string {
  const memo = stampMemo.get(folders.join('\0'));
  if (memo) return memo;
  const src = fileURLToPath(new URL('..', import.meta.url));
  const hash = createHash('sha256').update(`${TSMODEL_VERSION}\0${process.version}\0`);
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (!e.name.endsWith('.test.ts')) {
        const st = statSync(p);
        hash.update(`${p}\0${st.size}\0${st.mtimeMs}\0`);
      }
    }
  };
  for (const f of folders) walk(join(src, f));
  const stamp = hash.digest('hex').slice(0, 32);
  stampMemo.set(folders.join('\0'), stamp);
  return stamp;
}

/**
 * A parse through target/partial_parse.bin: what an earlier process parsed is reused where nothing it depends on
 * changed (parse/partial-parse.ts), then the file is replaced for the next one. Every reason not to reuse is a
 * debug line; a file that cannot be written is one too (the parse stands). `lazyNodes`: the kept nodes' SQL,
 * columns and the like parsed when first read (a command that reads few of them).
 */
export function parseWithPartialParse(
  inputs: ParseInputs,
  config: ProjectConfig,
  events: EventBus,
  opts: { lazyNodes?: boolean } = {},
): PartialParse {
  const path = partialParsePath(config);
  const stamp = codeStamp();
  const result = parseProjectPartially(inputs, readPartialParse(path, stamp, { lazy: opts.lazyNodes }), stamp);
  const why = result.reason ? ` (${result.reason})` : '';
  events.log('debug', `partial parse: ${result.how}${why}, ${result.rendered.length} SQL file(s) rendered`);
  const store = result.store;
  if (!store) return result;
  const secret = Object.keys(store.parse.env).find(isSecretEnvName);
  if (secret) {
    events.log('debug', `partial parse: not kept, the parse read the secret ${secret}`);
    return result;
  }
  try {
    const id = writePartialParse(path, stamp, store.parse, store.entries);
    // What this process parsed is what the next one reuses: the same nodes, byte for byte.
    if (store.parse.result) result.generation = id;
  } catch (err) {
    events.log('debug', `partial parse: ${path} not written (${err instanceof Error ? err.message : String(err)})`);
  }
  return result;
}

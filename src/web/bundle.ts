import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { TsmodelError } from '../errors/index.js';

/**
 * The browser entry `relative` (without extension) next to the module at
 * `baseUrl`: its TypeScript source when running from src/ (tests, tsx), the
 * compiled .js when running from dist/.
 */
export function browserEntry(baseUrl: string, relative: string): string {
  for (const ext of ['.ts', '.js']) {
    const path = fileURLToPath(new URL(`${relative}${ext}`, baseUrl));
    if (existsSync(path)) return path;
  }
  throw new TsmodelError('internal', `The page script ${relative} is missing next to ${fileURLToPath(baseUrl)}`, {
    hint: 'Reinstall tsmodel (npm install builds dist/).',
  });
}

const cache = new Map<string, Promise<string>>();

/**
 * Bundles a page script and everything it imports (tsmodel's own selection
 * code, ECharts from node_modules) into one minified IIFE, so the page needs
 * no network and works from file://. Cached per process.
 */
export function bundleBrowserScript(entry: string): Promise<string> {
  let pending = cache.get(entry);
  if (!pending) {
    // esbuild is loaded when a page is bundled, not by every command.
    pending = import('esbuild')
      .then(({ build }) =>
        build({
          entryPoints: [entry],
          bundle: true,
          write: false,
          format: 'iife',
          platform: 'browser',
          target: ['chrome109', 'firefox115', 'safari15'],
          minify: true,
          legalComments: 'eof',
          charset: 'utf8',
          define: { 'process.env.NODE_ENV': '"production"' },
          logLevel: 'silent',
        }),
      )
      .then(
        (res) => res.outputFiles[0]!.text,
        (err: unknown) => {
          cache.delete(entry);
          throw new TsmodelError(
            'internal',
            `Could not bundle the page script ${entry}: ${err instanceof Error ? err.message : String(err)}`,
            { cause: err },
          );
        },
      );
    cache.set(entry, pending);
  }
  return pending;
}

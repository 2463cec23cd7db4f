/**
 * Child process of bench/compile-same.ts: compiles a project with the tsmodel sources of another checkout
 * (`tree`), so two versions of the code can be compared on the same files.
 *
 *   node --import tsx bench/child/compile-tree.ts <tree> <projectDir>
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { pgliteTargetAt } from '../lib/context.js';

const [tree, projectDir] = process.argv.slice(2) as [string, string];
const api = (await import(
  pathToFileURL(join(tree, 'src/api/index.ts')).href
)) as typeof import('../../src/api/index.js');
api.compile({ projectDir, targetConfig: pgliteTargetAt(join(projectDir, '.unused-db')) });
process.exit(0);

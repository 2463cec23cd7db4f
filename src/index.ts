/**
 * The package's entry (`import … from 'tsmodel'`): the programmatic API of api/ and watch mode.
 * Watch mode sits above api/ (it reloads and re-executes through it), so it is joined here
 * rather than exported by api/ itself.
 */
export * from './api/index.js';
export { watch, type WatchHandle, type WatchOptions } from './watch/index.js';

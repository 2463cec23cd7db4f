import { startWatch, type WatchHandle, type WatchOptions } from '../watch/index.js';

export type { WatchHandle, WatchOptions };

/**
 * `tsmodel run --watch` / `tsmodel build --watch`: builds what is selected,
 * then rebuilds what each burst of saves changes (and what depends on it),
 * keeping one connection open, until `stop()`. Every rebuild ends with a
 * 'watch' event summarizing it.
 */
export function watch(opts: WatchOptions = {}): Promise<WatchHandle> {
  return startWatch(opts);
}

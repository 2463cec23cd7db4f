import { defineConfig } from 'vitest/config';
import base from './vitest.config.js';

/** `npm run test:bench`: the benchmark harness's smoke test (bench/bench.test.ts), minutes long, kept out of npm test. */
export default defineConfig({ ...base, test: { ...base.test, include: ['bench/**/*.test.ts'] } });

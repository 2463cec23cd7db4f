import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // The benchmark's smoke test takes minutes: `npm run test:bench` (vitest.bench.config.ts), also run by .ci/run.
    include: ['src/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Finds PostgreSQL and Chromium, and prints where the suite runs; the reporter counts what was skipped.
    globalSetup: ['src/test-support/global-setup.ts'],
    reporters: ['default', './src/test-support/skip-report.ts'],
  },
});

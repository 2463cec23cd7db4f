/**
 * Vitest's global setup: finds the PostgreSQL server the suite runs on (find-postgres.ts) and
 * hands it to the test processes through TSMODEL_TEST_PG_URL, finds the browser of the page
 * tests, and prints one line saying where the suite runs and what it skips. A URL given in
 * TSMODEL_TEST_PG_URL that does not answer stops the run with one line: a typo must not turn
 * into a quietly smaller suite.
 */
import { displayUrl, findPostgres } from '../adapters/test-support/find-postgres.js';
import { findBrowser } from '../docs/test-support/find-browser.js';

export default async function globalSetup(): Promise<void> {
  const env = process.env;
  const pg = await findPostgres(env);
  if (pg.source === 'TSMODEL_TEST_PG_URL' && pg.problem) {
    process.stderr.write(
      `TSMODEL_TEST_PG_URL=${displayUrl(pg.url!)} cannot host the tests: ${pg.problem}. Fix or unset it.\n`,
    );
    process.exit(1);
  }
  if (pg.url) env.TSMODEL_TEST_PG_URL = pg.url;
  if (pg.problem) env.TSMODEL_TEST_PG_SKIPPED = pg.problem;
  const browser = findBrowser(env);
  if (browser) env.CHROMIUM_PATH = browser;

  const databases =
    pg.source === 'none'
      ? `PGlite only — every PostgreSQL case is skipped: ${pg.problem}`
      : pg.url
        ? `PGlite and PostgreSQL ${pg.version} (${pg.source}: ${displayUrl(pg.url)})`
        : `PGlite and PostgreSQL (${pg.source})`;
  const others = [
    env.TSMODEL_TEST_CITUS_URL
      ? 'Citus cluster tests on TSMODEL_TEST_CITUS_URL'
      : 'Citus cluster tests skipped (no TSMODEL_TEST_CITUS_URL)',
    browser ? `pages in ${browser}` : 'page tests will fail: no Chromium (npm test installs it)',
  ];
  // stderr: a run that writes JSON to stdout (--reporter=json, vitest list --json) stays parseable.
  process.stderr.write(`Test databases: ${databases}; ${others.join('; ')}. Skipped cases are counted at the end.\n`);
}

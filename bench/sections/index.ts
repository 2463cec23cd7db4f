/**
 * Every section of `npm run bench`, in the order they run. A section another
 * issue will measure is listed with `pending` (its reason) until its
 * implementation replaces that line: import it and put it in its place.
 */
import { compileSection } from './compile.js';
import { endToEndSection } from './end-to-end.js';
import { runOverheadSection } from './run-overhead.js';
import { seedSection } from './seed.js';
import { snapshotSection } from './snapshot.js';
import { testsSection } from './tests.js';
import { unitTestsSection } from './unit-tests.js';
import { watchSection } from './watch.js';
import { citusSection } from './citus.js';
import { teamFlowSection } from './team-flow.js';
import { lineageSection } from './lineage.js';
import { templateQueriesSection } from './template-queries.js';
import type { Section } from './types.js';

export const SECTIONS: Section[] = [
  compileSection,
  runOverheadSection,
  seedSection,
  snapshotSection,
  testsSection,
  unitTestsSection,
  watchSection,
  lineageSection,
  templateQueriesSection,
  endToEndSection,
  teamFlowSection,
  citusSection,
];

export type { Section } from './types.js';

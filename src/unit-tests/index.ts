export type { UnitTestEntry, UnitTestSpec, UnitTestInput, Fixture, Cell } from './types.js';
export { fixtureFiles } from './fixtures.js';
export { unitTestNodes, describeInput } from './nodes.js';
export { unitTestEntries, parseInputCall } from './yaml-entries.js';
export { UnitTestRunner, type UnitTestRecord } from './runner.js';
export { placeUnitTests, embeddedAdapter, embeddedTarget, type UnitOn } from './where.js';

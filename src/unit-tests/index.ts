export type { UnitTestEntry, UnitTestSpec, UnitTestInput, Fixture, Cell } from '../parse/unit-tests/types.js';
export { fixtureFiles } from '../parse/unit-tests/fixtures.js';
export { unitTestNodes, describeInput } from '../parse/unit-tests/nodes.js';
export { unitTestEntries, parseInputCall } from '../parse/unit-tests/yaml-entries.js';
export { UnitTestRunner, type UnitTestRecord } from './runner.js';
export { placeUnitTests, embeddedAdapter, embeddedTarget, type UnitOn } from './where.js';

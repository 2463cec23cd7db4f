import { TsmodelErrors } from '../../errors/index.js';
import { UnitTestRunner } from '../../unit-tests/index.js';
import type { LoadedProject } from '../load.js';
import type { RunSelection } from './selection.js';
import type { RunSession } from './session.js';

/**
 * The runner of the selected unit tests, opened where they were placed. A bad fixture (unknown column, a value
 * that does not cast…) stops the command before anything runs.
 */
export async function prepareUnitTests(
  project: LoadedProject,
  session: RunSession,
  selection: RunSelection,
): Promise<UnitTestRunner | undefined> {
  const { unitPlace, adapter } = session;
  if (!unitPlace) return undefined;
  const { graph, config } = project;
  const runner = new UnitTestRunner({
    graph,
    penv: project.parsed.parseEnv,
    projectRoot: config.projectRoot,
    adapter: unitPlace.adapter,
    useDatabase: !unitPlace.embedded,
    ranOn: unitPlace.ranOn,
    seeds: [...project.parsed.nodes, ...project.parsed.disabled].filter((n) => n.resourceType === 'seed'),
  });
  if (unitPlace.adapter !== adapter) await unitPlace.adapter.open();
  const count = selection.unitNodes.length;
  project.events.log(
    'info',
    `${count} unit test${count === 1 ? '' : 's'} run on ${unitPlace.ranOn}: ${unitPlace.reason}`,
    { runId: project.invocationId },
  );
  const problems = await runner.preflight(selection.unitNodes);
  if (problems.length > 0) throw new TsmodelErrors(problems);
  return runner;
}

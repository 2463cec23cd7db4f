/**
 * Fault points for crash tests: TSMODEL_FAULT_AT=<node>:<point> makes the process kill itself
 * (SIGKILL, as `kill -9` would) when it reaches that point of that node, so a test kills a build at
 * a chosen statement rather than after a guessed number of milliseconds. Points:
 *   step-<n>   after the plan's n-th statement ran (1-based), inside its transaction
 *   committed  after the node's transaction committed
 * Unset (always, outside tests) it costs one environment lookup per point.
 */
export function faultPoint(node: string, point: string): void {
  const at = process.env.TSMODEL_FAULT_AT;
  if (at && at === `${node}:${point}`) process.kill(process.pid, 'SIGKILL');
}

/** The fault points set for this node (none, outside crash tests): a batch of statements stops at each. */
export function faultPointsOf(node: string): Set<string> {
  const at = process.env.TSMODEL_FAULT_AT;
  if (!at || !at.startsWith(`${node}:`)) return new Set();
  return new Set([at.slice(node.length + 1)]);
}

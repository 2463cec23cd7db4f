/**
 * `to.push(...from)` passes every element as an argument on the call stack,
 * which overflows near 100,000 elements ("Maximum call stack size exceeded"):
 * the generic tests of a 50,000-model project are 150,000. Lists whose
 * length grows with the project are appended with this instead. A list
 * appended to itself gets one copy of its items, as Python's `extend` does.
 */
export function pushAll<T>(to: T[], from: Iterable<T>): T[] {
  for (const x of from === to ? [...to] : from) to.push(x);
  return to;
}

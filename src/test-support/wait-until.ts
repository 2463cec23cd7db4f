/**
 * Polls `check` until it is true, and fails the test when it never is: a wait that falls through
 * would let the test go on from the wrong state and pass or fail for the wrong reason.
 * `what` names the state awaited, for the failure message.
 */
export async function waitUntil(
  what: string,
  check: () => Promise<boolean> | boolean,
  { tries = 200, intervalMs = 100 }: { tries?: number; intervalMs?: number } = {},
): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(`Gave up waiting for ${what} (${tries} checks, ${intervalMs} ms apart)`);
}

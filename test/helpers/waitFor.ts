export interface WaitForOptions {
  /** Named in the time-out error. */
  what?: string;
  timeoutMs?: number;
  /** Pause between probes. */
  intervalMs?: number;
}

/**
 * Polls `probe` until it returns a truthy value, and returns that value; throws once `timeoutMs`
 * has passed. The one polling loop for tests (no fixed sleeps).
 */
export async function waitFor<T>(
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  { what = 'a condition', timeoutMs = 10_000, intervalMs = 25 }: WaitForOptions = {},
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

import { startStack, type Stack, type StartStackOptions } from '../stack/index';

/** Starts one stack for a mocha suite: call inside `describe`. */
export function useStack(opts: StartStackOptions = {}): () => Stack {
  let stack: Stack | undefined;
  before(async function () {
    this.timeout(120_000);
    stack = await startStack(opts);
  });
  after(async function () {
    this.timeout(60_000);
    await stack?.stop();
  });
  return () => {
    if (!stack) throw new Error('stack not started');
    return stack;
  };
}

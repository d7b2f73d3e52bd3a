/** Polls until a condition holds, for tests of asynchronous effects. */
import { KernelError } from "../errors.ts";

/**
 * Resolves once `condition()` is truthy; rejects with a `timeout` KernelError after `timeout` ms.
 *
 * @throws KernelError `timeout`.
 */
export async function waitFor(
  condition: () => unknown | Promise<unknown>,
  options: { timeout?: number; interval?: number } = {},
): Promise<void> {
  const timeout = options.timeout ?? 1000;
  const interval = options.interval ?? 5;
  const deadline = Date.now() + timeout;
  for (;;) {
    if (await condition()) return;
    if (Date.now() >= deadline)
      throw new KernelError("timeout", `waitFor: the condition did not hold within ${timeout} ms.`);
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}

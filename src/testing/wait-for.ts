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
  if (!(await wait_for(condition, (options.timeout ?? 1000) / 1000, options.interval))) {
    throw new KernelError("timeout", `waitFor: the condition did not hold within ${options.timeout ?? 1000} ms.`);
  }
}

/**
 * The original's `wait_for(condition, timeout=1.0)`: resolves `true` once `condition()` is truthy,
 * `false` when `timeout` **seconds** passed first. Never throws for a timeout.
 */
export async function wait_for(
  condition: () => unknown | Promise<unknown>,
  timeout = 1.0,
  intervalMs = 5,
): Promise<boolean> {
  const deadline = Date.now() + timeout * 1000;
  for (;;) {
    if (await condition()) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

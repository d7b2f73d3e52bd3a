/** How the kernel side's proxies call into their module's sandbox. */

/** Calls `method` on the guest object registered as `target`; rejects with a KernelError. */
export type GuestCaller = (
  target: string,
  method: string,
  args: readonly unknown[],
  signal?: AbortSignal,
) => Promise<unknown>;

/** How a sandboxed hook's failure is answered: `deny` (fail closed, the default) or `skip`. */
export type HookFailurePolicy = "deny" | "skip";

/** The options without their `signal`, which cannot cross (cancellation travels on its own). */
export function withoutSignal<T extends { signal?: AbortSignal }>(options: T | undefined): Omit<T, "signal"> {
  if (!options) return {} as Omit<T, "signal">;
  const { signal: _signal, ...rest } = options;
  return rest;
}

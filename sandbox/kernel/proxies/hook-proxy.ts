/**
 * A hook handler that runs the guest's handler. An invalid result is handed to the registry as is,
 * so its fail-closed rule applies (deny, reported); a guest failure is a deny or, with the `skip`
 * policy, an error the registry skips and reports.
 */
import type { HookHandler } from "../../../src/contracts.ts";
import { describeError } from "../../../src/errors.ts";
import { hookResultSchema } from "../../../src/models/index.ts";
import type { GuestCaller, HookFailurePolicy } from "./guest-caller.ts";

/** The handler of the hook a module registered as `key` for `event`. */
export function hookProxy(call: GuestCaller, key: string, event: string, policy: HookFailurePolicy): HookHandler {
  return async (emitted, data) => {
    let value: unknown;
    try {
      value = await call(key, "call", [emitted, data]);
    } catch (error) {
      if (policy === "skip") throw error;
      return { action: "deny", reason: `sandboxed hook for ${event} failed: ${describeError(error)}` };
    }
    if (value === undefined || value === null) return undefined;
    const parsed = hookResultSchema.safeParse(value);
    return parsed.success ? parsed.data : (value as Record<string, unknown>);
  };
}

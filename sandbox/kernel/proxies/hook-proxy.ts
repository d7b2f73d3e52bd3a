/**
 * A hook handler that runs the guest's handler. The guest sees the payload its grants allow
 * (`authority.ts`); what it returns is bounded to its grants before the registry merges it, and
 * what was refused is reported. An invalid result is handed to the registry as is, so its
 * fail-closed rule applies (deny, reported); a guest failure is a deny or, with the `skip` policy,
 * an error the registry skips and reports.
 */
import type { HookHandler } from "../../../src/contracts.ts";
import { describeError } from "../../../src/errors.ts";
import { hookResultSchema } from "../../../src/models/index.ts";
import { boundHookResult, type ModuleAuthority, payloadFor } from "../authority.ts";
import type { PolicyViolation } from "../capabilities/violations.ts";
import type { GuestCaller, HookFailurePolicy } from "./guest-caller.ts";

/** Reports what a module's grants refused (as `policy:violation`). */
export type ViolationReporter = (refused: readonly Omit<PolicyViolation, "module">[]) => void;

/** The handler of the hook a module registered as `key` for `event`. */
export function hookProxy(
  call: GuestCaller,
  key: string,
  event: string,
  policy: HookFailurePolicy,
  authority: ModuleAuthority,
  report: ViolationReporter,
): HookHandler {
  return async (emitted, data) => {
    let value: unknown;
    try {
      value = await call(key, "call", [emitted, payloadFor(authority, emitted, data)]);
    } catch (error) {
      if (policy === "skip") throw error;
      return { action: "deny", reason: `sandboxed hook for ${event} failed: ${describeError(error)}` };
    }
    if (value === undefined || value === null) return undefined;
    const parsed = hookResultSchema.safeParse(value);
    if (!parsed.success) return value as Record<string, unknown>;
    const bounded = boundHookResult(authority, parsed.data, emitted);
    if (bounded.refused.length > 0) report(bounded.refused);
    return bounded.result;
  };
}

/**
 * Denials: every refused capability use is a clear `capability_denied` error to the guest and a
 * `policy:violation` event to the host, and the module keeps working.
 */
import type { Coordinator } from "../../../src/contracts.ts";
import { KernelError } from "../../../src/errors.ts";
import { POLICY_VIOLATION } from "../../../src/hooks/events.ts";

/** Which gate refused. */
export type GatedCapability =
  | "fetch"
  | "secrets"
  | "capabilities"
  | "transcript"
  | "storage"
  | "hooks"
  | "inject"
  | "display"
  | "approval"
  | "names"
  | "events";

/** What a `policy:violation` event carries. */
export interface PolicyViolation {
  /** The module id of the plan entry. */
  readonly module: string;
  readonly capability: GatedCapability;
  /** What the guest tried: `fetch`, `redirect`, `get`, `call`, `register`, `read`, `set`, ... */
  readonly action: string;
  /** The host, capability name or storage key concerned. */
  readonly target: string;
  /** Why it was refused, in words. */
  readonly reason: string;
}

/** A refusal on its way to the guest; the gate reports it and rethrows it as `capability_denied`. */
export class Denial extends Error {
  constructor(
    readonly violation: Omit<PolicyViolation, "module">,
    message: string,
  ) {
    super(message);
    this.name = "Denial";
  }

  /** This denial with `scrub` applied to every text it carries (message, target, reason). */
  scrubbed(scrub: (text: string) => string): Denial {
    const { violation } = this;
    return new Denial(
      { ...violation, target: scrub(violation.target), reason: scrub(violation.reason) },
      scrub(this.message),
    );
  }
}

/** Throws a denial whose message starts with `capability_denied:`. */
export function deny(violation: Omit<PolicyViolation, "module">, message: string): never {
  throw new Denial(violation, `capability_denied: ${message}`);
}

/**
 * Emits `policy:violation` for a denial and returns the KernelError the guest receives.
 * Emitting never fails the denial: a failing listener is the host's problem, not the guest's.
 */
export async function reportDenial(coordinator: Coordinator, moduleId: string, denial: Denial): Promise<KernelError> {
  const violation: PolicyViolation = { module: moduleId, ...denial.violation };
  try {
    await coordinator.hooks.emit(POLICY_VIOLATION, { ...violation, message: denial.message });
  } catch {
    // The denial stands whatever the listeners do.
  }
  return new KernelError("capability_denied", denial.message, {
    data: { capability: violation.capability, action: violation.action, target: violation.target },
  });
}

/**
 * Events only the host may emit. A sandboxed module that emitted `sandbox:killed` about another
 * module, a `policy:violation`, `session:*` or `approval:granted` would mislead every observer
 * (event logs, the SSE stream, the playground timeline) with facts the kernel never established.
 * Orchestrator events (`tool:*`, `provider:*`, `prompt:*`, `execution:*`, ...) stay open: emitting
 * them is a sandboxed orchestrator's job.
 */
import { KernelError } from "../../src/errors.ts";

/** Prefixes of the events the kernel, the sandbox and the approval system own. */
export const RESERVED_EVENT_PREFIXES: readonly string[] = Object.freeze([
  "session:",
  "sandbox:",
  "policy:",
  "module:",
  "storage:",
  "approval:",
  "cancel:",
]);

/** True when a guest may not emit `event`. */
export function isReservedEvent(event: string): boolean {
  return RESERVED_EVENT_PREFIXES.some((prefix) => event.startsWith(prefix));
}

/** The error a guest gets for emitting a reserved event. */
export function reservedEventError(moduleId: string, event: string): KernelError {
  return new KernelError(
    "capability_denied",
    `capability_denied: ${moduleId} may not emit "${event}": events starting with ${RESERVED_EVENT_PREFIXES.join(", ")} are emitted by the host only`,
    { data: { capability: "events", action: "emit", target: event } },
  );
}

/**
 * Events only the host may emit. A sandboxed module that emitted `sandbox:killed` about another
 * module, a `policy:violation`, `session:*` or `approval:granted` would mislead every observer
 * (event logs, the SSE stream, the playground timeline) with facts the kernel never established.
 * The agent loop's events (`tool:*`, `prompt:*`, `execution:*`, `orchestrator:*`) are emitted by
 * the orchestrator, which may be sandboxed; any other sandboxed module emitting them would forge a
 * tool call or a prompt (hooks-approval would ask the user about a call that does not exist).
 */
import { KernelError } from "../../src/errors.ts";
import type { ModuleType } from "../../src/models/index.ts";

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

/** Prefixes of the agent loop's events, which only an orchestrator may emit. */
export const LOOP_EVENT_PREFIXES: readonly string[] = Object.freeze([
  "tool:",
  "prompt:",
  "execution:",
  "orchestrator:",
]);

/** True when a guest of `kind` may not emit `event` (a module of unknown kind keeps the loop events). */
export function isReservedEvent(event: string, kind?: ModuleType): boolean {
  if (RESERVED_EVENT_PREFIXES.some((prefix) => event.startsWith(prefix))) return true;
  return (
    kind !== undefined && kind !== "orchestrator" && LOOP_EVENT_PREFIXES.some((prefix) => event.startsWith(prefix))
  );
}

/** The error a guest gets for emitting a reserved event. */
export function reservedEventError(moduleId: string, event: string): KernelError {
  const loop = LOOP_EVENT_PREFIXES.some((prefix) => event.startsWith(prefix));
  const why = loop
    ? `events starting with ${LOOP_EVENT_PREFIXES.join(", ")} are emitted by the orchestrator only`
    : `events starting with ${RESERVED_EVENT_PREFIXES.join(", ")} are emitted by the host only`;
  return new KernelError("capability_denied", `capability_denied: ${moduleId} may not emit "${event}": ${why}`, {
    data: { capability: "events", action: "emit", target: event },
  });
}

/**
 * Trying one module of a live session by hand, without a model: a tool called as the loop calls it
 * (`tool:pre` hooks, its input checked against its schema, `execute`, `tool:post`), and a hook event
 * fired with data the page wrote, with every handler's answer. Nothing is stored in the
 * conversation; the events go to the page like a turn's.
 */
import { KernelError } from "../../src/errors.ts";
import { HookRegistry } from "../../src/hooks/registry.ts";
import { runToolCall } from "../../src/modules/loop/tool-call.ts";
import type { Session } from "../../src/session.ts";
import type { HookFireReport, ToolCallReport, WebToolInfo } from "./client-types.ts";
import { toJsonSafe, toJsonSafeRecord } from "./json-safe.ts";

/** What a probe needs of the session around it. */
export interface ProbeContext {
  readonly session: Session;
  readonly now: () => Date;
  readonly newId: () => string;
  /** Aborts when the page cancels the probe (or the session closes). */
  readonly signal: AbortSignal;
}

/** The tools the session offers a model, with their input schemas. */
export function listTools(session: Session): WebToolInfo[] {
  return Object.entries(session.coordinator.get("tools")).map(([name, tool]) => ({
    name,
    description: typeof tool.description === "string" ? tool.description : "",
    input_schema: toJsonSafeRecord(tool.input_schema ?? {}),
  }));
}

/**
 * Calls `name` with `input` as the loop would; resolves with the ToolResult (a denial or an input
 * the schema refuses included) and the time it took.
 *
 * @throws KernelError `invalid_argument` when the session has no such tool or the input is not an object.
 */
export async function callTool(context: ProbeContext, name: string, input: unknown): Promise<ToolCallReport> {
  const coordinator = context.session.coordinator;
  const tools = coordinator.get("tools");
  if (!Object.hasOwn(tools, name)) {
    const known = Object.keys(tools).join(", ") || "none";
    throw new KernelError("invalid_argument", `This session has no tool "${name}" (its tools: ${known}).`);
  }
  if (input === null || typeof input !== "object" || Array.isArray(input)) {
    throw new KernelError("invalid_argument", `The input of ${name} must be a JSON object.`);
  }
  const started = context.now().getTime();
  const outcome = await runToolCall(
    {
      orchestrator: "playground",
      coordinator,
      hooks: coordinator.hooks,
      tools,
      signal: context.signal,
      // Nothing of a probe lands in the conversation, held-back injections included.
      pending: { offer: () => undefined },
    },
    { id: `probe_${context.newId()}`, name, arguments: input as Record<string, unknown> },
    { parallel_group_id: context.newId(), deferred: [], abandoned: false },
  );
  return {
    result: toJsonSafeRecord(outcome.result) as ToolCallReport["result"],
    duration_ms: context.now().getTime() - started,
  };
}

/**
 * Emits `event` with `data` to the session's hooks and reports each handler's answer; the combined
 * result is shown, not applied (no injection, approval or message follows from it).
 *
 * @throws KernelError `invalid_argument` for an empty event name or data that is not an object.
 */
export async function fireHook(context: ProbeContext, event: string, data: unknown): Promise<HookFireReport> {
  if (typeof event !== "string" || event.trim() === "") {
    throw new KernelError("invalid_argument", "The event name must be a non-empty string, e.g. tool:pre.");
  }
  if (data === null || typeof data !== "object" || Array.isArray(data)) {
    throw new KernelError("invalid_argument", `The data of ${event} must be a JSON object.`);
  }
  const hooks = context.session.coordinator.hooks;
  if (!(hooks instanceof HookRegistry)) {
    throw new KernelError("internal", "This session's hook registry cannot report its handlers one by one.");
  }
  const registered = hooks.list_handlers(event)[event] ?? [];
  const started = context.now().getTime();
  const { result, handlers } = await hooks.emit_traced(event, data as Record<string, unknown>);
  const ran = new Set(handlers.map((handler) => handler.name));
  return {
    result: toJsonSafeRecord(result) as HookFireReport["result"],
    handlers: toJsonSafe(handlers) as HookFireReport["handlers"],
    not_run: registered.filter((name) => !ran.has(name)),
    duration_ms: context.now().getTime() - started,
  };
}

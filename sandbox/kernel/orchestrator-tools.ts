/**
 * The kernel's own tool path for a sandboxed orchestrator. An untrusted loop that ran tools itself
 * could skip `tool:pre` (no approval asked, no deny hook run) and store any text as a tool's result.
 * So the host runs every tool call the way its built-in loops do (`tool:pre` with approvals and deny
 * hooks, input validation, `execute`, `tool:post`), and a tool result the orchestrator stores is
 * the one the kernel produced for that call, never the orchestrator's text.
 *
 * - The orchestrator's own `tool:pre`, `tool:post` and `tool:error` emissions are announcements:
 *   they are not dispatched (the host emits them once, around the real call) and answer `continue`.
 * - A call's id comes from the orchestrator's `tool:pre` announcement for that tool, else from the
 *   first unanswered call to that tool in the assistant message it stored, else the host makes one.
 * - A stored result for a call the kernel never ran says so, in the kernel's words.
 */
import { TOOL_ERROR } from "../../src/hooks/events.ts";
import { type Message, normalizeToolResult, serializeToolOutput, type ToolResult } from "../../src/models/index.ts";
import { type EphemeralInjection, InjectionQueue } from "../../src/modules/loop/ephemeral.ts";
import type { DeferredHookResult } from "../../src/modules/loop/loop-run.ts";
import { runToolCall, type ToolBatchState, type ToolRun } from "../../src/modules/loop/tool-call.ts";
import type { ExecutionObjects } from "./executions.ts";

/** The events of the tool path, which the host emits for a sandboxed orchestrator. */
export const TOOL_PATH_EVENTS: ReadonlySet<string> = new Set(["tool:pre", "tool:post", "tool:error"]);

/** The most of an orchestrator's own text kept in a result the kernel did not produce. */
const KEPT_CLAIM_CHARS = 2_000;

/** A call the orchestrator left open, as the pairing guard knows it. */
export interface OpenCall {
  readonly id: string;
  readonly tool: string;
}

function textOf(content: Message["content"]): string {
  if (typeof content === "string") return content;
  return content.map((block) => ("text" in block && typeof block.text === "string" ? block.text : "")).join("");
}

/** The tool calls of one orchestrator execution, run by the host. */
export class ExecutionTools {
  readonly #objects: ExecutionObjects;
  readonly #moduleId: string;
  readonly #openCalls: () => readonly OpenCall[];
  readonly #announced = new Map<string, string[]>();
  /** What the kernel stores for each call it ran, by call id. */
  readonly #tickets = new Map<string, string>();
  readonly #queue = new InjectionQueue();
  readonly #batch: ToolBatchState;
  #made = 0;

  constructor(objects: ExecutionObjects, moduleId: string, executionId: string, openCalls: () => readonly OpenCall[]) {
    this.#objects = objects;
    this.#moduleId = moduleId;
    this.#openCalls = openCalls;
    this.#batch = { parallel_group_id: executionId, deferred: [], abandoned: false };
  }

  /** Records the call id of the orchestrator's own `tool:pre`, so the host's call carries it. */
  announce(data: Record<string, unknown>): void {
    const { tool_name: name, tool_call_id: id } = data;
    if (typeof name !== "string" || typeof id !== "string" || this.#tickets.has(id)) return;
    const ids = this.#announced.get(name) ?? [];
    if (!ids.includes(id)) ids.push(id);
    this.#announced.set(name, ids);
  }

  /** Runs `name` with `input` through the kernel's tool path; resolves with what the orchestrator may see. */
  async execute(name: string, input: Record<string, unknown>, signal: AbortSignal): Promise<ToolResult> {
    const id = this.#callId(name);
    const run: ToolRun = {
      orchestrator: this.#moduleId,
      coordinator: this.#objects.coordinator,
      hooks: this.#objects.hooks,
      tools: this.#objects.tools,
      signal,
      pending: this.#queue,
    };
    const outcome = await runToolCall(run, { id, name, arguments: input }, this.#batch);
    this.#tickets.set(id, outcome.content);
    // The orchestrator sees what the model will read (a tool:post hook may have redacted it).
    const unchanged = outcome.content === serializeToolOutput(outcome.result);
    return unchanged ? outcome.result : normalizeToolResult({ ...outcome.result, output: outcome.content }, name);
  }

  /** The tool message the kernel stores for the one the orchestrator handed it. */
  async resultMessage(message: Message, tool: string): Promise<Message> {
    const id = String(message.tool_call_id);
    const ticket = this.#tickets.get(id);
    if (ticket !== undefined) return { role: "tool", tool_call_id: id, name: tool, content: ticket };
    if (!Object.hasOwn(this.#objects.tools, tool)) {
      const content = `Error: Tool '${tool}' not found`;
      await this.#objects.hooks.emit(TOOL_ERROR, {
        tool_name: tool,
        tool_call_id: id,
        error: { type: "tool_not_found", msg: content },
      });
      return { role: "tool", tool_call_id: id, name: tool, content };
    }
    const claim = textOf(message.content).slice(0, KEPT_CLAIM_CHARS);
    return {
      role: "tool",
      tool_call_id: id,
      name: tool,
      content: `Not run: ${this.#moduleId} answered this call to '${tool}' without running the tool through the kernel. It said: ${claim}`,
      metadata: { synthetic: true, reason: "answered_without_running", source: this.#moduleId },
    };
  }

  /** Applies the stored injections tool hooks asked for, once the batch's results are stored. */
  async settle(): Promise<void> {
    const deferred: DeferredHookResult[] = this.#batch.deferred.splice(0);
    for (const { result, event } of deferred) {
      await this.#objects.coordinator.process_hook_result(result, event, this.#moduleId);
    }
  }

  /** The ephemeral injections tool hooks queued for the orchestrator's next request. */
  drainInjections(): EphemeralInjection[] {
    return this.#queue.drain();
  }

  /** The execution ended: calls still running store nothing more. */
  abandon(): void {
    this.#batch.abandoned = true;
  }

  #callId(name: string): string {
    const announced = this.#announced.get(name);
    while (announced && announced.length > 0) {
      const id = announced.shift() as string;
      if (!this.#tickets.has(id)) return id;
    }
    const open = this.#openCalls().find((call) => call.tool === name && !this.#tickets.has(call.id));
    if (open) return open.id;
    this.#made += 1;
    return `${this.#batch.parallel_group_id}-call-${this.#made}`;
  }
}

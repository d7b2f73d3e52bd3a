/**
 * A turn's kernel events as the AI SDK's UI message stream: steps from `provider:request`, text
 * and reasoning from the `content_block:*` and `thinking:*` events, tool parts (dynamic: tools are
 * the plan's, unknown to the app's types) from the `tool:*` events, approvals as the SDK's tool
 * approvals, and the turn's `result` or `error` as the message's end.
 *
 * The SDK answers approvals with a new request, so the message pauses at a step's tool approvals
 * (the stream ends with `finish`, the turn waits on the server), and the request that carries the
 * answers replays the turn silently up to them and goes on from there. The translation is
 * deterministic, so part ids are the same in every replay.
 */
import type { UiMessageChunk } from "./ui-message-chunk.ts";

/** An event of a turn: a kernel event, or the stream's closing `result` / `error`. */
export interface TurnEvent {
  readonly name: string;
  readonly data: Record<string, unknown>;
}

/** Where the message stands: streaming, paused at an approval, or ended with the turn. */
export type TranslatorState = "streaming" | "paused" | "ended";

interface OpenBlock {
  readonly kind: "text" | "reasoning";
  readonly id: string;
  streamed: boolean;
}

interface ToolCallState {
  done: boolean;
  /** Waiting for the user's answer to its approval. */
  asking: boolean;
}

/** Translates one turn's events, in order, into UI message chunks. */
export class TurnTranslator {
  #state: TranslatorState = "streaming";
  #step = 0;
  #stepOpen = false;
  readonly #blocks = new Map<number, OpenBlock>();
  readonly #tools = new Map<string, ToolCallState>();
  /** Approval request id → the tool call it asks about. */
  readonly #approvals = new Map<string, string>();
  /** Answered approvals whose `approval:required` the replay has not reached yet. */
  readonly #replayUntil: Set<string>;
  /** Approvals already answered where the turn runs: the message does not pause at them. */
  readonly #decided: ReadonlySet<string>;
  /** A tool approval was asked: the message pauses once no other tool call of the step is running. */
  #pauseWanted = false;

  /**
   * @param answeredApprovals approvals the client answered with this request: what comes before
   *   the last of their `approval:required` events is already on the client and is not sent again.
   * @param decidedApprovals approvals answered before a replay from the turn's start (a reconnect):
   *   they are sent with their answers, and the message goes on past them.
   */
  constructor(answeredApprovals: Iterable<string> = [], decidedApprovals: Iterable<string> = []) {
    this.#replayUntil = new Set(answeredApprovals);
    this.#decided = new Set(decidedApprovals);
  }

  get state(): TranslatorState {
    return this.#state;
  }

  /** The chunks for `event`; none while the replay is before what the client has. */
  translate(event: TurnEvent): UiMessageChunk[] {
    if (this.#state !== "streaming") return [];
    const replaying = this.#replayUntil.size > 0;
    const chunks = this.#chunksOf(event, replaying);
    if (event.name === "approval:required") this.#replayUntil.delete(String(event.data.request_id));
    // The end of the turn is sent even when a replay never reached the client's approval.
    return replaying && this.#state === "streaming" ? [] : chunks;
  }

  /** The chunks that close the message when the turn's stream ended without `result` or `error`. */
  lost(reason: string): UiMessageChunk[] {
    if (this.#state !== "streaming") return [];
    this.#state = "ended";
    return [...this.#closeStep(), { type: "error", errorText: reason }];
  }

  #chunksOf(event: TurnEvent, replaying: boolean): UiMessageChunk[] {
    const data = event.data;
    switch (event.name) {
      case "provider:request":
        return [...this.#closeStep(), ...this.#beginStep()];
      case "content_block:start":
        return this.#startBlock(Number(data.block_index), String(data.block_type));
      case "content_block:delta":
        return data.block_type === "text" ? this.#delta(Number(data.block_index), "text", String(data.delta)) : [];
      case "thinking:delta":
        return this.#delta(Number(data.block_index), "reasoning", String(data.delta));
      case "content_block:end":
        return this.#endBlock(Number(data.block_index), data.block);
      case "tool:pre":
        return this.#toolInput(String(data.tool_call_id), String(data.tool_name), data.tool_input);
      case "tool:post":
        return [...this.#toolResult(String(data.tool_call_id), data.result), ...this.#pauseIfReady()];
      case "tool:error":
        // A call refused before it ran (unknown tool, bad input) has no tool:pre.
        return [
          ...this.#toolInput(String(data.tool_call_id), String(data.tool_name), data.tool_input),
          ...this.#toolDone(String(data.tool_call_id), {
            type: "tool-output-error",
            toolCallId: String(data.tool_call_id),
            errorText: errorTextOf(data.error),
            dynamic: true,
          }),
          ...this.#pauseIfReady(),
        ];
      case "approval:required":
        return this.#approvalRequired(data, replaying);
      case "approval:granted":
      case "approval:denied":
        return this.#approvalAnswered(String(data.request_id), event.name === "approval:granted");
      case "result":
        this.#state = "ended";
        return [
          ...this.#closeStep(),
          data.cancelled === true
            ? { type: "abort", reason: "The turn was cancelled." }
            : { type: "finish", finishReason: "stop" },
        ];
      case "error":
        this.#state = "ended";
        return [
          ...this.#closeStep(),
          { type: "error", errorText: String(data.message ?? data.code ?? "The turn failed.") },
        ];
      default:
        return [];
    }
  }

  /** A step is one call of the model: from its `provider:request` to the next one. */
  #beginStep(): UiMessageChunk[] {
    this.#step++;
    this.#stepOpen = true;
    return [{ type: "start-step" }];
  }

  /** Content outside a step (an orchestrator that emits no `provider:request`) opens one. */
  #ensureStep(): UiMessageChunk[] {
    return this.#stepOpen ? [] : this.#beginStep();
  }

  /** Ends the step's open blocks; a tool call of the step that got no result did not run. */
  #closeStep(): UiMessageChunk[] {
    const chunks: UiMessageChunk[] = [];
    for (const block of this.#blocks.values())
      chunks.push({ type: block.kind === "text" ? "text-end" : "reasoning-end", id: block.id });
    this.#blocks.clear();
    for (const [toolCallId, tool] of this.#tools) {
      if (tool.done) continue;
      tool.done = true;
      chunks.push({ type: "tool-output-error", toolCallId, errorText: "The tool call did not run.", dynamic: true });
    }
    if (this.#stepOpen) chunks.push({ type: "finish-step" });
    this.#stepOpen = false;
    return chunks;
  }

  #startBlock(index: number, blockType: string): UiMessageChunk[] {
    if (blockType !== "text" && blockType !== "thinking") return [];
    const kind = blockType === "text" ? "text" : "reasoning";
    const opened = this.#ensureStep();
    const previous = this.#blocks.get(index);
    if (previous !== undefined) return opened;
    const id = `${kind}-${this.#step}-${index}`;
    this.#blocks.set(index, { kind, id, streamed: false });
    return [...opened, { type: kind === "text" ? "text-start" : "reasoning-start", id }];
  }

  #delta(index: number, kind: OpenBlock["kind"], delta: string): UiMessageChunk[] {
    const started = this.#startBlock(index, kind === "text" ? "text" : "thinking");
    const block = this.#blocks.get(index);
    if (block === undefined || delta === "") return started;
    block.streamed = true;
    return [...started, { type: kind === "text" ? "text-delta" : "reasoning-delta", id: block.id, delta }];
  }

  #endBlock(index: number, block: unknown): UiMessageChunk[] {
    if (!isRecord(block)) return [];
    // A tool part starts with the call's tool:pre: a call shown before it runs would hold up the SDK's
    // automatic send of an approval's answer (it waits for every call of the step).
    if (block.type === "tool_call") return [];
    if (block.type !== "text" && block.type !== "thinking") return [];
    const kind = block.type === "text" ? "text" : "reasoning";
    const chunks = this.#startBlock(index, String(block.type));
    const open = this.#blocks.get(index);
    if (open === undefined) return chunks;
    // loop-basic emits whole blocks without deltas: the end carries the text.
    const whole = String((block.type === "text" ? block.text : block.thinking) ?? "");
    if (!open.streamed && whole !== "")
      chunks.push({ type: kind === "text" ? "text-delta" : "reasoning-delta", id: open.id, delta: whole });
    this.#blocks.delete(index);
    chunks.push({ type: kind === "text" ? "text-end" : "reasoning-end", id: open.id });
    return chunks;
  }

  #toolInput(toolCallId: string, toolName: string, input: unknown): UiMessageChunk[] {
    if (this.#tools.has(toolCallId)) return [];
    const opened = this.#ensureStep();
    this.#tools.set(toolCallId, { done: false, asking: false });
    return [...opened, { type: "tool-input-available", toolCallId, toolName, input: input ?? {}, dynamic: true }];
  }

  #toolResult(toolCallId: string, result: unknown): UiMessageChunk[] {
    const outcome = isRecord(result) ? result : {};
    if (outcome.success === false) {
      return this.#toolDone(toolCallId, {
        type: "tool-output-error",
        toolCallId,
        errorText: errorTextOf(outcome.error ?? outcome.output),
        dynamic: true,
      });
    }
    return this.#toolDone(toolCallId, {
      type: "tool-output-available",
      toolCallId,
      output: outcome.output ?? null,
      dynamic: true,
    });
  }

  #toolDone(toolCallId: string, chunk: UiMessageChunk): UiMessageChunk[] {
    const tool = this.#tools.get(toolCallId);
    if (tool === undefined || tool.done) return [];
    tool.done = true;
    return [chunk];
  }

  #approvalRequired(data: Record<string, unknown>, replaying: boolean): UiMessageChunk[] {
    // Only a request with an id can be answered (hooks-approval also announces its own, without one).
    if (typeof data.request_id !== "string") return [];
    const requestId = data.request_id;
    const toolCallId = typeof data.tool_call_id === "string" ? data.tool_call_id : undefined;
    if (toolCallId === undefined || !this.#tools.has(toolCallId)) {
      // Not about a tool call (a hook on another event asked): the app answers it over the API.
      const question = { request_id: requestId, prompt: data.prompt, options: data.options };
      return [{ type: "data-amplifier-approval", id: requestId, data: question }];
    }
    this.#approvals.set(requestId, toolCallId);
    const chunks: UiMessageChunk[] = [
      { type: "tool-approval-request", approvalId: requestId, toolCallId, reason: String(data.prompt ?? "") },
    ];
    if (replaying || this.#decided.has(requestId)) return chunks;
    const tool = this.#tools.get(toolCallId);
    if (tool !== undefined) tool.asking = true;
    this.#pauseWanted = true;
    return [...chunks, ...this.#pauseIfReady()];
  }

  /**
   * The SDK sends the answers to a step's approvals in a new request, once every call of the step
   * is answered or done: the message pauses when each running call of the step waits for its
   * approval (the turn waits on the server), not while another call still runs.
   */
  #pauseIfReady(): UiMessageChunk[] {
    if (!this.#pauseWanted) return [];
    const running = [...this.#tools.values()].filter((tool) => !tool.done);
    if (!running.some((tool) => tool.asking)) {
      this.#pauseWanted = false;
      return [];
    }
    if (running.some((tool) => !tool.asking)) return [];
    this.#state = "paused";
    return [
      ...(this.#stepOpen ? [{ type: "finish-step" } as const] : []),
      { type: "finish", finishReason: "tool-calls" },
    ];
  }

  #approvalAnswered(requestId: string, approved: boolean): UiMessageChunk[] {
    const toolCallId = this.#approvals.get(requestId);
    if (toolCallId === undefined) return [];
    const tool = this.#tools.get(toolCallId);
    if (tool !== undefined) tool.asking = false;
    const chunks: UiMessageChunk[] = [{ type: "tool-approval-response", approvalId: requestId, approved }];
    // A denied call never runs and has no other event.
    if (!approved) chunks.push(...this.#toolDone(toolCallId, { type: "tool-output-denied", toolCallId }));
    return [...chunks, ...this.#pauseIfReady()];
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The text of a tool or loop error: `{ msg }`, `{ message }` or anything else as text. */
function errorTextOf(error: unknown): string {
  if (isRecord(error)) return String(error.message ?? error.msg ?? JSON.stringify(error));
  return typeof error === "string" ? error : JSON.stringify(error ?? "The tool failed.");
}

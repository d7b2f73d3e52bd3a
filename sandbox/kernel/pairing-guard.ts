/**
 * Keeps the tool-call pairing of a conversation intact while a sandboxed orchestrator writes it.
 * The kernel's invariant (the assistant message with its calls first, then exactly one result per
 * call, in call order) is what trusted loops guarantee; an untrusted loop that forgets a result,
 * answers out of order or answers a call that was never made would leave a history that real
 * providers refuse with HTTP 400 on every later turn. So: results out of order or for unknown calls
 * are refused, and a call left without a result gets a synthetic error result when the orchestrator
 * moves on or its turn ends.
 */
import type { ContextManager } from "../../src/contracts.ts";
import { KernelError } from "../../src/errors.ts";
import type { Message } from "../../src/models/index.ts";

interface PendingCall {
  readonly id: string;
  readonly tool: string;
}

/** The text of the result given to a call the orchestrator never answered; the model reads it. */
export function unansweredToolResultText(tool: string, id: string): string {
  return `Error: the tool call "${tool}" (id ${id}) got no result: the sandboxed orchestrator moved on without one, so it may or may not have run.`;
}

/** Gives the message stored for a tool result in place of the orchestrator's (see orchestrator-tools.ts). */
export type ResultRewriter = (message: Message, tool: string) => Promise<Message>;

/** Guards one orchestrator execution's writes to its context. */
export class ToolPairingGuard {
  readonly #context: ContextManager;
  #pending: PendingCall[] = [];

  constructor(context: ContextManager) {
    this.#context = context;
  }

  /**
   * Adds a message, refusing results that break the pairing and closing calls left open.
   *
   * @throws KernelError `invalid_argument` for a result out of call order, for a call never made, or
   *   for an assistant message whose calls repeat an id.
   */
  async add(message: Message, storeAs?: ResultRewriter): Promise<void> {
    if (message.role === "tool") {
      const expected = this.#pending[0];
      if (!expected || message.tool_call_id !== expected.id) {
        throw new KernelError(
          "invalid_argument",
          expected
            ? `context.add_message(): the tool result for ${String(message.tool_call_id)} is out of call order; the result for ${expected.id} (${expected.tool}) comes first`
            : `context.add_message(): the tool result for ${String(message.tool_call_id)} answers no pending tool call`,
        );
      }
      await this.#context.add_message(storeAs ? await storeAs(message, expected.tool) : message);
      this.#pending.shift();
      return;
    }
    const calls = (message.role === "assistant" ? (message.tool_calls ?? []) : []).map((call) => ({
      id: call.id,
      tool: call.tool,
    }));
    if (new Set(calls.map((call) => call.id)).size !== calls.length) {
      throw new KernelError(
        "invalid_argument",
        "context.add_message(): the tool calls of one message must have distinct ids",
      );
    }
    await this.close();
    await this.#context.add_message(message);
    this.#pending = calls;
  }

  /** The calls of the latest assistant message still waiting for a result, in call order. */
  openCalls(): readonly PendingCall[] {
    return this.#pending;
  }

  /** Gives every call still open a synthetic error result, in call order. */
  async close(): Promise<void> {
    const open = this.#pending;
    this.#pending = [];
    for (const call of open) {
      await this.#context.add_message({
        role: "tool",
        tool_call_id: call.id,
        name: call.tool,
        content: unansweredToolResultText(call.tool, call.id),
        metadata: { synthetic: true, reason: "orchestrator_left_call_unanswered" },
      });
    }
  }
}

/**
 * `createWebChatTransport(session)`: the AI SDK's chat transport for a session of the web worker
 * host, so that `useChat` (or the SDK's `Chat`) runs against an agent in the page's own worker.
 * Requests are read as the Cloudflare chat route reads them (the newest user message is a turn,
 * keyed by its id; answered tool approvals continue it), and the turn's events become the same UI
 * message stream. Approvals of the turn's tool calls are the SDK's: the page's `onApproval` is not
 * asked for them.
 */
import { yesNoDecision } from "../../src/approval.ts";
import { KernelError, toErrorData } from "../../src/errors.ts";
import { type ChatMessage, type ChatTurn, chatTurnOf } from "../ai-sdk/chat-turn.ts";
import { TurnRecord } from "../ai-sdk/turn-record.ts";
import type { TurnEvent } from "../ai-sdk/turn-translator.ts";
import type { UiMessageChunk } from "../ai-sdk/ui-message-chunk.ts";
import { uiMessageChunksOf } from "../ai-sdk/ui-message-stream.ts";
import type { ApprovalRequest, WebSession } from "./client-types.ts";

/** A request of the AI SDK's chat to its transport (the fields read here). */
export interface ChatTransportRequest {
  readonly trigger: "submit-message" | "regenerate-message";
  readonly chatId: string;
  readonly messageId: string | undefined;
  readonly messages: readonly ChatMessage[];
  readonly abortSignal: AbortSignal | undefined;
}

/** The AI SDK's `ChatTransport`, for a web session (pass it as `useChat({ transport })`). */
export interface WebChatTransport {
  /** Reconnecting replays the running turn from its start. */
  readonly resumeStreamIsReplay: true;
  /**
   * Runs the newest user message as a turn, or continues the turn whose approvals were answered.
   *
   * @throws KernelError `invalid_argument` for a request that runs nothing (regenerate, no user
   *   message, a known message id with another text); `turn_interrupted` for approvals of a turn
   *   that no longer runs (the page was reloaded).
   */
  sendMessages(request: ChatTransportRequest): Promise<ReadableStream<UiMessageChunk>>;
  /** The running turn's stream from its start, or null when no turn runs. */
  reconnectToStream(request: { readonly chatId: string }): Promise<ReadableStream<UiMessageChunk> | null>;
}

/** A turn this transport started, and its approvals waiting for the user. */
interface RunningTurn {
  readonly key: string;
  readonly record: TurnRecord;
  /** Approval request id → its answer. */
  readonly pending: Map<string, (approved: boolean) => void>;
}

/**
 * The chat transport of `session`.
 *
 * @example
 * const session = await client.createSession(planYaml);
 * const chat = useChat({
 *   transport: createWebChatTransport(session),
 *   sendAutomaticallyWhen: lastAssistantMessageIsCompleteWithApprovalResponses,
 * });
 */
export function createWebChatTransport(session: WebSession): WebChatTransport {
  let current: RunningTurn | undefined;

  return {
    resumeStreamIsReplay: true,

    async sendMessages(request) {
      if (request.trigger !== "submit-message") {
        throw new KernelError("invalid_argument", "Regenerating is not supported: the session keeps its own history.");
      }
      const turn = chatTurnOf(request.messages);
      if (current?.key !== turn.idempotencyKey) {
        if (turn.answers.length > 0) {
          throw new KernelError(
            "turn_interrupted",
            "The turn that asked for this approval no longer runs (the page was reloaded); send the message again.",
          );
        }
        current = runTurn(session, turn);
      } else if (current.record.prompt !== turn.prompt) {
        throw new KernelError("invalid_argument", `Message ${turn.idempotencyKey} was sent before with another text.`);
      }
      const running = current;
      for (const answer of turn.answers) running.pending.get(answer.approvalId)?.(answer.approved);
      // The SDK's stop(): the turn stops too (its request is the only reader).
      request.abortSignal?.addEventListener(
        "abort",
        () => {
          if (!running.record.ended) void session.cancel(true).catch(() => undefined);
        },
        { once: true },
      );
      return uiMessageChunksOf(running.record.events(), {
        answered: turn.answers.map((answer) => answer.approvalId),
      });
    },

    async reconnectToStream() {
      if (current === undefined || current.record.ended) return null;
      return uiMessageChunksOf(current.record.events(), { decided: current.record.answeredApprovals() });
    },
  };
}

/** Starts `turn` in the session; its events, approvals and end go to the returned record. */
function runTurn(session: WebSession, turn: ChatTurn): RunningTurn {
  const record = new TurnRecord(turn.prompt);
  const pending = new Map<string, (approved: boolean) => void>();
  // An approval is announced once its tool call's `tool:pre` is in the record (they travel apart).
  const held = new Map<string, TurnEvent>();
  const push = (event: TurnEvent) => {
    record.push(event);
    const toolCallId = event.data.tool_call_id;
    if (event.name === "tool:pre" && typeof toolCallId === "string") {
      const approval = held.get(toolCallId);
      held.delete(toolCallId);
      if (approval !== undefined) record.push(approval);
    }
  };
  const ask = (request: ApprovalRequest, signal: AbortSignal) =>
    new Promise<string>((resolve) => {
      const requestId = request.request_id;
      const answer = (approved: boolean, timedOut: boolean) => {
        if (!pending.delete(requestId)) return;
        const decision = yesNoDecision(request.options, approved);
        record.push({
          name: approved ? "approval:granted" : "approval:denied",
          data: { request_id: requestId, decision, timed_out: timedOut },
        });
        resolve(decision);
      };
      pending.set(requestId, (approved) => answer(approved, false));
      // Withdrawn: it timed out (its default applies) or the turn was cancelled.
      signal.addEventListener("abort", () => answer(request.default === "allow", true), { once: true });
      const announced: TurnEvent = { name: "approval:required", data: { ...request } };
      const toolCallId = request.tool_call_id;
      if (toolCallId === undefined || record.has("tool:pre", "tool_call_id", toolCallId)) push(announced);
      else held.set(toolCallId, announced);
    });
  session
    .execute(turn.prompt, {
      onEvent: (event) => push({ name: event.name, data: event.data as Record<string, unknown> }),
      onApproval: (request, { signal }) => ask(request, signal),
    })
    .then(
      (response) => push({ name: "result", data: { response } }),
      (error: unknown) =>
        push(
          KernelError.is(error, "cancelled")
            ? { name: "result", data: { response: "", cancelled: true } }
            : { name: "error", data: { ...toErrorData(error) } },
        ),
    );
  return { key: turn.idempotencyKey, record, pending };
}

/**
 * The parts of the AI SDK's UI message stream protocol (`x-vercel-ai-ui-message-stream: v1`) that
 * a turn of ours produces, written from the protocol's documentation so that nothing here depends
 * on the `ai` package. tests/unit/ai-sdk/ checks that each shape is one the `ai` package accepts.
 */

/** Why a message ended, as the protocol names it. */
export type UiFinishReason = "stop" | "tool-calls" | "error" | "interrupted" | "other";

/** One chunk of a UI message stream. */
export type UiMessageChunk =
  | { type: "start"; messageId?: string }
  | { type: "start-step" }
  | { type: "finish-step" }
  | { type: "text-start"; id: string }
  | { type: "text-delta"; id: string; delta: string }
  | { type: "text-end"; id: string }
  | { type: "reasoning-start"; id: string }
  | { type: "reasoning-delta"; id: string; delta: string }
  | { type: "reasoning-end"; id: string }
  | { type: "tool-input-available"; toolCallId: string; toolName: string; input: unknown; dynamic: true }
  | { type: "tool-approval-request"; approvalId: string; toolCallId: string; reason?: string }
  | { type: "tool-approval-response"; approvalId: string; approved: boolean }
  | { type: "tool-output-available"; toolCallId: string; output: unknown; dynamic: true }
  | { type: "tool-output-error"; toolCallId: string; errorText: string; dynamic: true }
  | { type: "tool-output-denied"; toolCallId: string }
  | { type: `data-${string}`; id?: string; data: unknown; transient?: boolean }
  | { type: "error"; errorText: string }
  | { type: "abort"; reason?: string }
  | { type: "finish"; finishReason?: UiFinishReason };

/** The headers of a UI message stream response. */
export const UI_MESSAGE_STREAM_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  "content-type": "text/event-stream",
  "cache-control": "no-cache",
  "x-vercel-ai-ui-message-stream": "v1",
  "x-accel-buffering": "no",
});

const encoder = new TextEncoder();

/** One chunk as its Server-Sent Event (`data: {json}`). */
export function encodeUiChunk(chunk: UiMessageChunk): Uint8Array {
  return encoder.encode(`data: ${JSON.stringify(chunk)}\n\n`);
}

/** The stream's last event. */
export const UI_STREAM_DONE: Uint8Array = encoder.encode("data: [DONE]\n\n");

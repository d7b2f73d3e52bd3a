/**
 * How a running session shows itself on a terminal: the answer's text as it streams, and one line
 * per tool call. With `--json`, one JSON object per event instead.
 */
import type { Writable } from "node:stream";

/** Receives the session's events and writes them for a person or a program. */
export interface RunOutput {
  onEvent(event: string, data: Record<string, unknown>): void;
  /**
   * Writes a line for each call announced with `→` that no event settled (a hook denied it: the
   * loop emits nothing then), from the tool result `resultOf` finds in the conversation.
   */
  settleCalls(resultOf: (toolCallId: string) => Promise<string | undefined>): Promise<void>;
  /** Writes the final answer (for people, only if it did not already stream). */
  finish(response: string): void;
}

/** One JSON object per line per event, then `{"type":"result","response":...}`. */
export function jsonLinesOutput(stdout: Writable): RunOutput {
  return {
    onEvent(event, data) {
      stdout.write(`${JSON.stringify({ type: "event", event, data })}\n`);
    },
    async settleCalls() {
      // Every event is already a line; the stored tool results are in the transcript.
    },
    finish(response) {
      stdout.write(`${JSON.stringify({ type: "result", response })}\n`);
    },
  };
}

const PREVIEW_CHARS = 120;

function preview(value: unknown): string {
  const text = typeof value === "string" ? value : JSON.stringify(value);
  const flat = (text ?? "").replace(/\s+/g, " ");
  return flat.length > PREVIEW_CHARS ? `${flat.slice(0, PREVIEW_CHARS)}…` : flat;
}

/** Streamed text on stdout; tool calls, their results or errors, and warnings as lines on stderr. */
export function terminalOutput(stdout: Writable, stderr: Writable): RunOutput {
  let streamed = "";
  let atLineStart = true;
  /** Calls shown with `→` and not yet with `←` or `✗`, by id. */
  const unsettled = new Map<string, string>();
  const line = (text: string) => {
    if (!atLineStart) stdout.write("\n");
    atLineStart = true;
    stderr.write(`${text}\n`);
  };
  return {
    onEvent(event, data) {
      if (event === "content_block:delta" && data.block_type === "text" && typeof data.delta === "string") {
        stdout.write(data.delta);
        streamed += data.delta;
        atLineStart = data.delta.endsWith("\n");
      } else if (event === "tool:pre") {
        unsettled.set(String(data.tool_call_id), String(data.tool_name));
        line(`→ ${String(data.tool_name)} ${preview(data.tool_input)}`);
      } else if (event === "tool:post") {
        unsettled.delete(String(data.tool_call_id));
        const result = data.result as { success?: boolean; output?: unknown; error?: unknown } | undefined;
        const ok = result?.success !== false;
        line(`${ok ? "←" : "✗"} ${String(data.tool_name)} ${preview(ok ? result?.output : result?.error)}`);
      } else if (event === "tool:error") {
        // The error is what the author needs to read, so it is not shortened.
        unsettled.delete(String(data.tool_call_id));
        const error = data.error as { msg?: unknown } | undefined;
        line(`✗ ${String(data.tool_name)} ${String(error?.msg ?? JSON.stringify(data.error))}`);
      } else if (event === "sandbox:killed") {
        line(`! sandbox ${String(data.module)} killed (${String(data.reason)}): ${preview(data.message)}`);
      }
    },
    async settleCalls(resultOf) {
      for (const [id, name] of [...unsettled]) {
        unsettled.delete(id);
        line(`✗ ${name} ${(await resultOf(id)) ?? "(no result)"}`);
      }
    },
    finish(response) {
      if (streamed.trim() === "") stdout.write(`${response}\n`);
      else if (!atLineStart) stdout.write("\n");
    },
  };
}

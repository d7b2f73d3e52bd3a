/**
 * A turn's events as a UI message stream, as objects (for a transport in the page) or as the
 * protocol's Server-Sent Events (for an HTTP response). The stream ends when the message pauses
 * at a tool approval or the turn ends; the turn's source is then released (the turn itself goes
 * on where it runs).
 */
import { type TurnEvent, TurnTranslator } from "./turn-translator.ts";
import { encodeUiChunk, UI_STREAM_DONE, type UiMessageChunk } from "./ui-message-chunk.ts";

/** What the stream says when the turn's events stop before the turn ended. */
const LOST = "The connection to the agent was lost before the turn ended; send the message again to resume it.";

/** Where the message picks the turn up. */
export interface UiStreamStart {
  /** The approvals this request answers: the replay of the turn up to them is not sent. */
  readonly answered?: Iterable<string>;
  /** For a replay from the turn's start: approvals answered already, which the message goes past. */
  readonly decided?: Iterable<string>;
}

/** The UI message chunks of the turn whose events `events` yields. */
export function uiMessageChunksOf(
  events: ReadableStream<TurnEvent>,
  start: UiStreamStart = {},
): ReadableStream<UiMessageChunk> {
  const translator = new TurnTranslator(start.answered, start.decided);
  return events.pipeThrough(
    new TransformStream<TurnEvent, UiMessageChunk>({
      start(controller) {
        controller.enqueue({ type: "start" });
      },
      transform(event, controller) {
        for (const chunk of translator.translate(event)) controller.enqueue(chunk);
        // Ends the message and cancels the source: a pause leaves the turn waiting where it runs.
        if (translator.state !== "streaming") controller.terminate();
      },
      flush(controller) {
        for (const chunk of translator.lost(LOST)) controller.enqueue(chunk);
      },
    }),
  );
}

/** The chunks as the protocol's Server-Sent Events, closed by `data: [DONE]`. */
export function encodeUiMessageStream(chunks: ReadableStream<UiMessageChunk>): ReadableStream<Uint8Array> {
  return chunks.pipeThrough(
    new TransformStream<UiMessageChunk, Uint8Array>({
      transform(chunk, controller) {
        controller.enqueue(encodeUiChunk(chunk));
      },
      flush(controller) {
        controller.enqueue(UI_STREAM_DONE);
      },
    }),
  );
}

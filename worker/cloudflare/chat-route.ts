/**
 * `POST /v1/sessions/:id/chat`: the session spoken to in the AI SDK's UI message stream protocol,
 * so that `useChat` with its default transport (`DefaultChatTransport`, `api` set to this route)
 * talks to the service unchanged. The newest user message runs as a turn keyed by its id (a
 * retried request joins it); an answered tool approval is given to the waiting turn, whose stream
 * then goes on from that approval. `GET …/chat/:chatId/stream` (the SDK's reconnect) replays the
 * running turn. The turn's own event stream (the session object's) is translated on its way out.
 */
import { EventSourceParserStream } from "eventsource-parser/stream";
import { z } from "zod";
import { chatTurnOf } from "../ai-sdk/chat-turn.ts";
import type { TurnEvent } from "../ai-sdk/turn-translator.ts";
import { UI_MESSAGE_STREAM_HEADERS } from "../ai-sdk/ui-message-chunk.ts";
import { encodeUiMessageStream, uiMessageChunksOf } from "../ai-sdk/ui-message-stream.ts";

const chatPartSchema = z.looseObject({
  type: z.string(),
  text: z.string().optional(),
  state: z.string().optional(),
  approval: z.looseObject({ id: z.string(), approved: z.boolean().optional() }).optional(),
});

/** The body `DefaultChatTransport` sends (other fields, the app's own `body`, are allowed and ignored). */
export const chatBodySchema = z.looseObject({
  id: z.string().optional(),
  trigger: z.literal("submit-message", {
    error: 'must be "submit-message" (regenerating is not supported: the session keeps its own history)',
  }),
  messages: z
    .array(z.looseObject({ id: z.string(), role: z.string(), parts: z.array(chatPartSchema) }))
    .min(1, "must hold the conversation"),
});

/** What the route needs of the session object. */
export interface ChatSession {
  /** Answers a tool approval with a yes or no; false when it is no longer pending. */
  decide(approvalId: string, approved: boolean): Promise<boolean>;
  /** The event stream (Server-Sent Events) of the turn `prompt` runs or, by its key, already ran. */
  prompt(prompt: string, idempotencyKey: string): Promise<ReadableStream<Uint8Array>>;
}

/**
 * The UI message stream answering `body`.
 *
 * @throws KernelError `invalid_argument` (400, naming the path) for a request that runs nothing.
 */
export async function chatResponse(session: ChatSession, body: z.output<typeof chatBodySchema>): Promise<Response> {
  const turn = chatTurnOf(body.messages);
  for (const answer of turn.answers) await session.decide(answer.approvalId, answer.approved);
  const events = turnEventsOf(await session.prompt(turn.prompt, turn.idempotencyKey));
  const answered = turn.answers.map((answer) => answer.approvalId);
  return new Response(encodeUiMessageStream(uiMessageChunksOf(events, { answered })), {
    headers: UI_MESSAGE_STREAM_HEADERS,
  });
}

/**
 * The answer to the SDK's reconnect (`resume`): the turn that runs now, replayed from its start
 * (approvals answered already are passed, not paused at), or 204 when no turn runs.
 */
export function chatResumeResponse(running: RunningTurnStream | null): Response {
  if (running === null) return new Response(null, { status: 204 });
  const chunks = uiMessageChunksOf(turnEventsOf(running.stream), { decided: running.decided });
  return new Response(encodeUiMessageStream(chunks), { headers: UI_MESSAGE_STREAM_HEADERS });
}

/** The event stream of the turn that runs now, and the approvals already answered in it. */
export interface RunningTurnStream {
  readonly stream: ReadableStream<Uint8Array>;
  readonly decided: string[];
}

/** The turn's events, from its Server-Sent Events (comments and the `retry:` hint are dropped). */
function turnEventsOf(stream: ReadableStream<Uint8Array>): ReadableStream<TurnEvent> {
  return stream
    .pipeThrough(new TextDecoderStream())
    .pipeThrough(new EventSourceParserStream())
    .pipeThrough(
      new TransformStream({
        transform(message, controller) {
          if (message.event === undefined) return;
          controller.enqueue({ name: message.event, data: JSON.parse(message.data) as Record<string, unknown> });
        },
      }),
    );
}

/**
 * amplifier-edge/client: a small typed client of the Cloudflare service's HTTP API for pages,
 * Node and other Workers (fetch and eventsource-parser; nothing of the kernel runs here). Turns
 * are async iterators of typed events that survive a lost connection: the client reconnects with
 * the turn's idempotency key and `Last-Event-ID`, and every event arrives once, in order.
 *
 * @example
 * import { connectService, isEvent } from "amplifier-edge/client";
 * const service = connectService({ url: "https://agents.example.workers.dev", token });
 * const sessionId = await service.createSession(planYaml);
 * const turn = service.prompt(sessionId, "What is 6 * 7?");
 * for await (const event of turn) if (isEvent(event, "tool:pre")) console.log(event.data.tool_name);
 * console.log((await turn.result).response);
 */

export { type Issue, KernelError, type KernelErrorCode, type KernelErrorData } from "../../src/errors.ts";
export { type EventData, isEvent, type KernelEventMap, type KnownEventName } from "../../src/hooks/event-data.ts";
export { ApiError, type ApiErrorBody, type ApiErrorCode, type ApiErrorStatus } from "../cloudflare/http-error.ts";
export { connectService } from "./connect.ts";
export type {
  CallOptions,
  EventsOptions,
  Message,
  MountPlanInput,
  PromptOptions,
  ServiceClient,
  ServiceClientOptions,
  ServiceEvent,
  ServiceSessionStatus,
  Sleep,
  Turn,
  TurnResult,
} from "./types.ts";

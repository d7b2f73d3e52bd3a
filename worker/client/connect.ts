/**
 * `connectService`: the Cloudflare service's client, one method per route. Turns and the
 * session's event stream are resumable (see `resumable-stream.ts`).
 */
import { ServiceHttp, sessionPath } from "./http.ts";
import { type LoggedMessage, resumableStream, sleepWithTimers } from "./resumable-stream.ts";
import { isTurnEnd, ServiceTurn } from "./service-turn.ts";
import type {
  EventsOptions,
  Message,
  PromptOptions,
  ServiceClient,
  ServiceClientOptions,
  ServiceEvent,
  ServiceSessionStatus,
  Turn,
} from "./types.ts";

const DEFAULT_MAX_RECONNECTS = 5;

/**
 * A client of the service at `options.url`. Every call throws an `ApiError` (with the API's
 * `status`, `code` and `issues`) when the service answers an error.
 *
 * @example
 * const service = connectService({ url: "http://127.0.0.1:8787", token });
 * const sessionId = await service.createSession(planYaml);
 * const turn = service.prompt(sessionId, "What is 6 * 7?");
 * for await (const event of turn) {
 *   if (isEvent(event, "approval:required")) await service.answerApproval(sessionId, event.data.request_id ?? "", "Allow");
 * }
 * console.log((await turn.result).response);
 */
export function connectService(options: ServiceClientOptions): ServiceClient {
  const http = new ServiceHttp(options.url, options.token, options.fetch);
  const maxReconnects = options.maxReconnects ?? DEFAULT_MAX_RECONNECTS;
  const sleep = options.sleep ?? sleepWithTimers;

  return {
    async createSession(plan, call = {}) {
      const created = await http.json<{ session_id: string }>("POST", "/v1/sessions", {
        body: { plan },
        signal: call.signal,
      });
      return created.session_id;
    },

    prompt(sessionId: string, prompt: string, promptOptions: PromptOptions = {}): Turn {
      const key = promptOptions.idempotencyKey ?? crypto.randomUUID();
      const open = (lastEventId: number | undefined, signal: AbortSignal | undefined) =>
        http.send("POST", sessionPath(sessionId, "/prompt"), {
          body: { prompt },
          headers: {
            "idempotency-key": key,
            ...(lastEventId === undefined ? {} : { "last-event-id": String(lastEventId) }),
          },
          signal,
        });
      // Sent now; read when the turn is iterated or awaited.
      const first = open(undefined, promptOptions.signal);
      first.catch(() => undefined);
      const messages = (): AsyncGenerator<LoggedMessage> =>
        resumableStream({
          open,
          first,
          isLast: isTurnEnd,
          endIsComplete: false,
          after: undefined,
          maxReconnects,
          sleep,
          signal: promptOptions.signal,
          what: "the turn's event stream",
        });
      return new ServiceTurn(key, messages, promptOptions.onEvent);
    },

    async *events(sessionId: string, eventsOptions: EventsOptions = {}): AsyncGenerator<ServiceEvent> {
      const messages = resumableStream({
        open: (lastEventId, signal) =>
          http.send(
            "GET",
            sessionPath(sessionId, lastEventId === undefined ? "/events" : `/events?after=${lastEventId}`),
            {
              signal,
            },
          ),
        isLast: () => false,
        endIsComplete: true,
        after: eventsOptions.after,
        maxReconnects,
        sleep,
        signal: eventsOptions.signal,
        what: "the session's event stream",
      });
      for await (const message of messages) {
        yield { name: message.event ?? "message", data: JSON.parse(message.data), id: message.eventId };
      }
    },

    async answerApproval(sessionId, requestId, decision, call = {}) {
      const path = sessionPath(sessionId, `/approvals/${encodeURIComponent(requestId)}`);
      return (await http.json<{ decision: string }>("POST", path, { body: { decision }, signal: call.signal }))
        .decision;
    },

    async cancel(sessionId, call = {}) {
      await http.send("POST", sessionPath(sessionId, "/cancel"), { signal: call.signal });
    },

    async messages(sessionId, call = {}) {
      return (await http.json<{ messages: Message[] }>("GET", sessionPath(sessionId, "/messages"), call)).messages;
    },

    status(sessionId, call = {}) {
      return http.json<ServiceSessionStatus>("GET", sessionPath(sessionId), call);
    },

    async deleteSession(sessionId, call = {}) {
      await http.send("DELETE", sessionPath(sessionId), { signal: call.signal });
    },
  };
}

/** A ContextManager whose storage lives in the sandbox. */
import { z } from "zod";
import type { ContextManager, MessagesForRequestOptions } from "../../../src/contracts.ts";
import { type Message, messageSchema } from "../../../src/models/index.ts";
import { guestResult } from "../guest-requests.ts";
import type { GuestCaller } from "./guest-caller.ts";

const messagesSchema = z.array(messageSchema);

/** The context manager a module mounted. */
export function contextProxy(call: GuestCaller): ContextManager {
  const messages = (value: unknown, what: string) => guestResult(messagesSchema, value ?? [], what);
  return {
    async add_message(message: Message) {
      await call("context", "add_message", [message]);
    },
    async get_messages_for_request(options?: MessagesForRequestOptions) {
      const provider = options?.provider;
      const snapshot = provider
        ? {
            name: provider.name,
            info: await Promise.resolve(provider.get_info()).catch(() => null),
            model_info: (await Promise.resolve(provider.get_model_info?.()).catch(() => undefined)) ?? null,
          }
        : undefined;
      const request = { ...(options?.token_budget === undefined ? {} : { token_budget: options.token_budget }) };
      const args = snapshot ? [{ ...request, provider: snapshot }] : [request];
      return messages(await call("context", "get_messages_for_request", args), "context.get_messages_for_request()");
    },
    async get_messages() {
      return messages(await call("context", "get_messages", []), "context.get_messages()");
    },
    async set_messages(list: Message[]) {
      await call("context", "set_messages", [list]);
    },
    async clear() {
      await call("context", "clear", []);
    },
  };
}

/**
 * A ContextManager whose storage lives in the sandbox, with two guarantees the guest cannot break:
 *
 * - **Any size within limits.** Lists cross in pages (see `sandbox/guest/paging.js`): a history of
 *   many large messages never has to fit one boundary message, only each message does.
 * - **State survives a kill.** The host keeps the history the kernel wrote (what it added, set or
 *   cleared, never the module's own view of it) and hands it back after a restart, so a killed
 *   context manager comes back with the conversation instead of empty.
 */
import { z } from "zod";
import type { ContextManager, MessagesForRequestOptions } from "../../../src/contracts.ts";
import { KernelError } from "../../../src/errors.ts";
import { type Message, messageSchema } from "../../../src/models/index.ts";
import type { SandboxLimits } from "../../protocol.ts";
import { guestResult } from "../guest-requests.ts";
import type { GuestCaller } from "./guest-caller.ts";

const messagesSchema = z.array(messageSchema);
const pageSchema = z.strictObject({ items: z.array(z.unknown()), next: z.string().max(64).nullable() });

/** UTF-8 bytes of a JSON text, at most: the boundary counts bytes, a string's length counts UTF-16 units. */
const BYTES_PER_CHAR = 3;

/** A sandboxed context manager, and how to put the kernel's history back into a restarted one. */
export interface ShadowedContext extends ContextManager {
  /** Hands the history the kernel wrote to the module again (after a restart). */
  restore(): Promise<void>;
}

/** The context manager a module mounted. */
export function contextProxy(call: GuestCaller, limits: SandboxLimits): ShadowedContext {
  let history: Message[] = [];
  // The module can hold no more than its memory: a read of more pages than that could fill is refused.
  const maxPages = Math.ceil((BYTES_PER_CHAR * limits.memoryMiB * 1024 * 1024) / limits.maxMessageBytes) + 1;
  const pageChars = Math.max(1, Math.floor(limits.maxMessageBytes / BYTES_PER_CHAR) - 1024);

  async function read(method: string, args: unknown[], what: string): Promise<Message[]> {
    const items: unknown[] = [];
    let page = guestResult(pageSchema, await call("context", "page:get", [method, args]), what);
    for (let pages = 1; ; pages += 1) {
      items.push(...page.items);
      if (page.next === null) break;
      if (pages >= maxPages) {
        throw new KernelError("sandbox_payload", `${what} answered more pages than the module's memory could hold`);
      }
      page = guestResult(pageSchema, await call("context", "page:next", [page.next]), what);
    }
    return guestResult(messagesSchema, items, what);
  }

  /** Calls `method(list)` on the module, in pages when the list is longer than one message holds. */
  async function write(method: string, list: readonly Message[]): Promise<void> {
    let page: Message[] = [];
    let used = 0;
    const pages: Message[][] = [];
    for (const message of list) {
      const size = JSON.stringify(message).length;
      if (page.length > 0 && used + size > pageChars) {
        pages.push(page);
        page = [];
        used = 0;
      }
      page.push(message);
      used += size;
    }
    if (pages.length === 0) {
      await call("context", method, [page]);
      return;
    }
    for (const full of [...pages, page]) await call("context", "page:put", [full]);
    await call("context", "page:commit", [method]);
  }

  return {
    async add_message(message: Message) {
      await call("context", "add_message", [message]);
      history.push(message);
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
      return read("get_messages_for_request", args, "context.get_messages_for_request()");
    },
    async get_messages() {
      return read("get_messages", [], "context.get_messages()");
    },
    async set_messages(list: Message[]) {
      await write("set_messages", list);
      history = [...list];
    },
    async clear() {
      await call("context", "clear", []);
      history = [];
    },
    async restore() {
      await write("set_messages", history);
    },
  };
}

/** A context manager double that records each call (and, unlike the original's, has set_messages). */
import type { MessagesForRequestOptions } from "../contracts.ts";
import type { Message } from "../models/index.ts";
import { InMemoryContextManager } from "./in-memory-context.ts";

/** One recorded call. */
export interface ContextCall {
  method: "add_message" | "get_messages_for_request" | "get_messages" | "set_messages" | "clear";
  argument?: unknown;
}

/** An in-memory context that records its calls in `calls`. */
export class MockContextManager extends InMemoryContextManager {
  readonly calls: ContextCall[] = [];

  override async add_message(message: Message): Promise<void> {
    this.calls.push({ method: "add_message", argument: message });
    return super.add_message(message);
  }
  override async get_messages_for_request(options: MessagesForRequestOptions = {}): Promise<Message[]> {
    this.calls.push({ method: "get_messages_for_request", argument: options });
    return super.get_messages_for_request(options);
  }
  override async get_messages(): Promise<Message[]> {
    this.calls.push({ method: "get_messages" });
    return super.get_messages();
  }
  override async set_messages(messages: Message[]): Promise<void> {
    this.calls.push({ method: "set_messages", argument: messages });
    return super.set_messages(messages);
  }
  override async clear(): Promise<void> {
    this.calls.push({ method: "clear" });
    return super.clear();
  }
}

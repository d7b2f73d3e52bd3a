/**
 * A plain in-memory context manager (no compaction) and the module that mounts it, for running
 * sessions in tests. The real `context-simple`, with compaction, is a built-in module.
 */
import type { ContextManager, MessagesForRequestOptions, ModuleDefinition } from "../contracts.ts";
import type { Message } from "../models/index.ts";

/** Keeps messages in an array; requests get a copy of the whole history. */
export class InMemoryContextManager implements ContextManager {
  #messages: Message[];
  /** Every `get_messages_for_request` call, for assertions. */
  readonly requests: MessagesForRequestOptions[] = [];

  constructor(messages: readonly Message[] = []) {
    this.#messages = messages.map((message) => structuredClone(message));
  }

  /** The live history (the original's `messages` list). */
  get messages(): Message[] {
    return this.#messages;
  }

  async add_message(message: Message): Promise<void> {
    this.#messages.push(structuredClone(message));
  }
  async get_messages_for_request(options: MessagesForRequestOptions = {}): Promise<Message[]> {
    this.requests.push(options);
    return this.#messages.map((message) => structuredClone(message));
  }
  async get_messages(): Promise<Message[]> {
    return this.#messages.map((message) => structuredClone(message));
  }
  async set_messages(messages: Message[]): Promise<void> {
    this.#messages = messages.map((message) => structuredClone(message));
  }
  async clear(): Promise<void> {
    this.#messages = [];
  }
}

/** Module `context-memory`: mounts an InMemoryContextManager (config `messages` seeds it). */
export const inMemoryContextModule: ModuleDefinition = {
  id: "context-memory",
  type: "context",
  description: "In-memory context for tests (no compaction).",
  async mount(coordinator, config) {
    const seed = Array.isArray(config.messages) ? (config.messages as Message[]) : [];
    await coordinator.mount("context", new InMemoryContextManager(seed));
  },
};

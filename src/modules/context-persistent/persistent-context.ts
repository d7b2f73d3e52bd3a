/**
 * A compacting context whose history lives in a MessageStore, append-only: `add_message` writes
 * one record and resolves once it is durable; compaction builds views and never rewrites the
 * store. Opening a session repairs what a crash left behind (tool calls without results) through
 * the store's `resumeSession`, which reports `storage:repaired`.
 */
import type { HookRegistryContract } from "../../contracts.ts";
import { KernelError } from "../../errors.ts";
import type { Message } from "../../models/index.ts";
import { type MessageStore, resumeSession } from "../../storage/index.ts";
import { CompactingContext, type CompactingContextOptions, ingestMessage } from "../context/compacting-context.ts";
import type { CompactionConfig } from "../context/context-config.ts";
import { MessageLog } from "../context/message-log.ts";

/** Options of {@link PersistentContext}. */
export interface PersistentContextOptions extends CompactingContextOptions {
  readonly store: MessageStore;
  readonly sessionId: string;
  /** Allow `set_messages` to replace a history that already existed when the session was opened. */
  readonly allowReplace: boolean;
}

/** A compacting context over a MessageStore. */
export class PersistentContext extends CompactingContext {
  #opening: Promise<void> | undefined;
  #openedWithHistory = false;

  constructor(
    config: CompactionConfig,
    hooks: HookRegistryContract | undefined,
    private readonly options: PersistentContextOptions,
  ) {
    super(config, hooks, "context-persistent", options);
  }

  /** Whether the store held history for this session when it was opened. */
  get resumed(): boolean {
    return this.#openedWithHistory;
  }

  protected override ready(): Promise<void> {
    this.#opening ??= this.#open().catch((error: unknown) => {
      this.#opening = undefined;
      throw error;
    });
    return this.#opening;
  }

  async #open(): Promise<void> {
    const { messages } = await resumeSession(this.options.store, this.options.sessionId, {
      onEvent: (event, data) => {
        void this.hooks?.emit(event, data);
      },
    });
    this.#openedWithHistory = messages.length > 0;
    this.log = MessageLog.from(messages.map((message, index) => ingestMessage(message, ["stored", index])));
  }

  override async add_message(message: Message): Promise<void> {
    await this.ready();
    const entry = ingestMessage(message, ["message"], this.now());
    await this.options.store.append(this.options.sessionId, entry.message);
    this.log.append(entry);
  }

  /**
   * Replaces the history of a new session (for example a child seeded with its parent's messages).
   *
   * @throws KernelError `invalid_argument` when the session already had stored history and
   *   `allow_set_messages` is off: the stored history is append-only (the original silently ignored it).
   */
  override async set_messages(messages: Message[]): Promise<void> {
    await this.ready();
    if (this.#openedWithHistory && !this.options.allowReplace) {
      throw new KernelError(
        "invalid_argument",
        `context-persistent: session ${this.options.sessionId} already has stored history, which is append-only; ` +
          "set allow_set_messages: true to replace it.",
      );
    }
    const entries = messages.map((message, index) => ingestMessage(message, ["messages", index]));
    await this.options.store.replace(
      this.options.sessionId,
      entries.map((entry) => entry.message),
    );
    this.log = MessageLog.from(entries);
  }

  override async clear(): Promise<void> {
    await this.ready();
    await this.options.store.clear(this.options.sessionId);
    this.log = new MessageLog();
  }
}

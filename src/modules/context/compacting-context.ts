/**
 * The context manager behind `context-simple` and `context-persistent`: keeps the history in a
 * MessageLog and answers `get_messages_for_request` with a view, compacted when the history is
 * near the budget. The stored history is never changed by compaction.
 */
import type { ContextManager, HookRegistryContract, MaybePromise, MessagesForRequestOptions } from "../../contracts.ts";
import { KernelError } from "../../errors.ts";
import { CONTEXT_COMPACTION, USER_NOTIFICATION } from "../../hooks/events.ts";
import { type Message, messageSchema } from "../../models/index.ts";
import { formatConfigPath } from "../shared/config.ts";
import { type CompactionReport, compactView } from "./compaction.ts";
import type { CompactionCounts } from "./compaction-state.ts";
import { type CompactionConfig, resolveBudget } from "./context-config.ts";
import { estimateTokens, MessageLog } from "./message-log.ts";

/** A checked private copy of a message and its token estimate. */
export interface IngestedMessage {
  readonly message: Message;
  readonly tokens: number;
}

/**
 * Checks a message and makes a private copy of it through JSON (messages are JSON data; the JSON
 * text also gives the token estimate, so each message is serialized once in its life).
 *
 * @throws KernelError `invalid_message` naming the path of the problem.
 */
export function ingestMessage(message: unknown, where = "message"): IngestedMessage {
  let json: string | undefined;
  try {
    json = JSON.stringify(message);
  } catch (error) {
    throw new KernelError("invalid_message", `${where}: not JSON data (${String(error)})`);
  }
  if (json === undefined) throw new KernelError("invalid_message", `${where}: expected a message object`);
  const copy: unknown = JSON.parse(json);
  const parsed = messageSchema.safeParse(copy);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = formatConfigPath(issue?.path ?? []).replace(/^config/, where);
    throw new KernelError("invalid_message", `${path}: ${issue?.message ?? "invalid message"}`, {
      data: { issues: parsed.error.issues.map((item) => ({ path: item.path, message: item.message })) },
    });
  }
  return { message: copy as Message, tokens: Math.ceil(json.length / 4) };
}

function isHookInjection(message: Message): boolean {
  return message.metadata?.source === "hook";
}

function compactionNotice(counts: CompactionCounts): Message {
  const parts = [
    counts.removed_messages > 0 ? `${counts.removed_messages} earlier messages left out` : "",
    counts.truncated_tool_results > 0 ? `${counts.truncated_tool_results} tool results shortened` : "",
    counts.stubbed_user_messages > 0 ? `${counts.stubbed_user_messages} user messages shortened` : "",
  ].filter((part) => part !== "");
  return {
    role: "system",
    content:
      '<system-reminder source="context-compaction">To fit the context window, this view of the conversation ' +
      `was compacted (${parts.join(", ") || "nothing removed"}). The full history is kept; call tools again ` +
      "if you need something that was left out.</system-reminder>",
    metadata: { ephemeral: true, source: "context-compaction" },
  };
}

/** A context manager with ephemeral compaction, over an in-memory log. Subclasses persist it. */
export class CompactingContext implements ContextManager {
  protected log = new MessageLog();
  #factory: (() => MaybePromise<string>) | undefined;
  #cache: { key: string; messages: Message[] } | undefined;
  #compactions = 0;
  #overBudgetReported = false;

  constructor(
    protected readonly config: CompactionConfig,
    protected readonly hooks: HookRegistryContract | undefined,
    protected readonly moduleId: string,
  ) {}

  /** Loads whatever the subclass persists; called before every operation. */
  protected async ready(): Promise<void> {}

  /** How many compactions this context has run (each `context:compaction` event). */
  get compaction_count(): number {
    return this.#compactions;
  }

  async add_message(message: Message): Promise<void> {
    await this.ready();
    this.log.append(ingestMessage(message));
  }

  async get_messages(): Promise<Message[]> {
    await this.ready();
    // Copies the caller may change; one JSON round trip is several times faster than structuredClone here.
    return JSON.parse(JSON.stringify(this.log.messages)) as Message[];
  }

  async set_messages(messages: Message[]): Promise<void> {
    await this.ready();
    this.log = MessageLog.from(messages.map((message, index) => ingestMessage(message, `messages[${index}]`)));
    this.#cache = undefined;
  }

  async clear(): Promise<void> {
    await this.ready();
    this.log = new MessageLog();
    this.#cache = undefined;
  }

  set_system_prompt_factory(factory: () => MaybePromise<string>): void {
    this.#factory = factory;
    this.#cache = undefined;
  }

  /**
   * The messages for the next request: the history as is when it fits under the threshold, else
   * a compacted view. The messages of the view are frozen: treat them as read-only.
   */
  async get_messages_for_request(options: MessagesForRequestOptions = {}): Promise<Message[]> {
    await this.ready();
    const { budget, source } = await resolveBudget(options, this.config);
    const prompt = this.#factory ? await this.#factory() : undefined;
    const systemMessages =
      prompt === undefined
        ? this.log.systemIndexes.map((index) => this.log.messages[index]!)
        : [
            { role: "system" as const, content: prompt },
            ...this.log.systemIndexes.map((index) => this.log.messages[index]!).filter(isHookInjection),
          ];
    const systemTokens = systemMessages.reduce((sum, message) => sum + estimateTokens(message), 0);
    const total = this.log.total - this.log.systemTokens + systemTokens;
    if (total < this.config.compact_threshold * budget) {
      this.#reportFits();
      if (prompt === undefined) return this.log.messages.slice();
      return [
        systemMessages[0]!,
        ...this.log.messages.filter((message) => message.role !== "system" || isHookInjection(message)),
      ];
    }
    const key = `${this.log.version}|${this.log.length}|${budget}|${prompt ?? ""}`;
    if (this.#cache?.key === key) return this.#cache.messages.slice();
    const target = Math.floor(budget * this.config.target_usage);
    const { messages, report } = compactView({
      log: this.log,
      settings: this.config,
      systemMessages,
      systemTokens,
      target,
      ...(this.config.compaction_notice ? { notice: compactionNotice } : {}),
    });
    this.#cache = { key, messages };
    await this.#report(report, budget, target, source);
    return messages.slice();
  }

  #reportFits(): void {
    this.#overBudgetReported = false;
  }

  async #report(report: CompactionReport, budget: number, target: number, source: string): Promise<void> {
    this.#compactions++;
    const over_budget = report.after_tokens > budget;
    await this.hooks?.emit(CONTEXT_COMPACTION, {
      ...report,
      budget,
      budget_source: source,
      target,
      threshold: Math.floor(budget * this.config.compact_threshold),
      over_budget,
      compaction_count: this.#compactions,
    });
    if (!over_budget) {
      this.#overBudgetReported = false;
      return;
    }
    // Circuit breaker: say once that the view cannot fit, instead of compacting harder each call.
    if (this.#overBudgetReported) return;
    this.#overBudgetReported = true;
    await this.hooks?.emit(USER_NOTIFICATION, {
      source: this.moduleId,
      level: "warning",
      message:
        `The conversation no longer fits the model's context even after compaction (${report.after_tokens} of ` +
        `${budget} tokens): the protected recent messages are too large. Start a new session or lower protected_recent.`,
    });
  }
}

/**
 * The context manager behind `context-simple` and `context-persistent`: keeps the history in a
 * MessageLog and answers `get_messages_for_request` with a view, compacted when the history is
 * near the budget. The stored history is never changed by compaction.
 */
import type {
  ContextManager,
  HookRegistryContract,
  MaybePromise,
  MessagesForRequestOptions,
  Provider,
} from "../../contracts.ts";
import { CONTEXT_COMPACTION, USER_NOTIFICATION } from "../../hooks/events.ts";
import type { Message } from "../../models/index.ts";
import { estimateMessageTokens } from "../shared/token-estimate.ts";
import { type CompactionReport, type CompactionSummary, compactView } from "./compaction.ts";
import { compactionNotice } from "./compaction-notice.ts";
import { type CompactionConfig, resolveBudget } from "./context-config.ts";
import { ingestMessage } from "./message-ingest.ts";
import { MessageLog } from "./message-log.ts";
import { scaleForView, type TokenScale } from "./token-scale.ts";

export { type IngestedMessage, ingestMessage } from "./message-ingest.ts";

function isHookInjection(message: Message): boolean {
  return message.metadata?.source === "hook";
}

/** Options of a CompactingContext. */
export interface CompactingContextOptions {
  /** The clock of `metadata.timestamp` on added messages. */
  readonly now?: () => Date;
}

/** A context manager with ephemeral compaction, over an in-memory log. Subclasses persist it. */
export class CompactingContext implements ContextManager {
  protected log = new MessageLog();
  #factory: (() => MaybePromise<string>) | undefined;
  #cache: { key: string; messages: Message[] } | undefined;
  #exact: { key: string; provider: Provider; scale: TokenScale } | undefined;
  #compactions = 0;
  #overBudgetReported = false;
  /** The clock of `metadata.timestamp` on added messages. */
  protected readonly now: () => Date;

  constructor(
    protected readonly config: CompactionConfig,
    protected readonly hooks: HookRegistryContract | undefined,
    protected readonly moduleId: string,
    options: CompactingContextOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
  }

  /** Loads whatever the subclass persists; called before every operation. */
  protected async ready(): Promise<void> {}

  /** How many compactions this context has run (each `context:compaction` event). */
  get compaction_count(): number {
    return this.#compactions;
  }

  /** Adds a message (a private copy, with `metadata.timestamp` added when it has none). */
  async add_message(message: Message): Promise<void> {
    await this.ready();
    this.log.append(ingestMessage(message, ["message"], this.now()));
  }

  async get_messages(): Promise<Message[]> {
    await this.ready();
    // Copies the caller may change; one JSON round trip is several times faster than structuredClone here.
    return JSON.parse(JSON.stringify(this.log.messages)) as Message[];
  }

  async set_messages(messages: Message[]): Promise<void> {
    await this.ready();
    this.log = MessageLog.from(messages.map((message, index) => ingestMessage(message, ["messages", index])));
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
   * a compacted view. Budgets are real tokens: the estimate is scaled by the provider's
   * calibration, or replaced by its exact count near the threshold (`token-scale.ts`). The
   * messages of the view are frozen: treat them as read-only.
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
    const systemTokens = systemMessages.reduce((sum, message) => sum + estimateMessageTokens(message), 0);
    const total = this.log.total - this.log.systemTokens + systemTokens;
    const uncompacted = (): Message[] =>
      prompt === undefined
        ? this.log.messages.slice()
        : [
            systemMessages[0]!,
            ...this.log.messages.filter((message) => message.role !== "system" || isHookInjection(message)),
          ];
    const threshold = this.config.compact_threshold * budget;
    const scale = await this.#scale(options.provider, total, threshold, uncompacted, prompt);
    if (total * scale.ratio < threshold) {
      this.#reportFits();
      return uncompacted();
    }
    const key = `${this.log.version}|${this.log.length}|${budget}|${scale.ratio}|${prompt ?? ""}`;
    if (this.#cache?.key === key) return this.#cache.messages.slice();
    const target = Math.floor(budget * this.config.target_usage);
    const started = this.now().getTime();
    const { messages, report } = compactView({
      log: this.log,
      settings: this.config,
      systemMessages,
      systemTokens,
      // The log counts estimated tokens; the target is real ones.
      target: Math.floor(target / scale.ratio),
      ...(this.config.compaction_notice_enabled ? { notice: (summary) => this.#notice(summary, target) } : {}),
    });
    this.#cache = { key, messages };
    await this.#report(report, { budget, target, source, scale, duration_ms: this.now().getTime() - started });
    return messages.slice();
  }

  /** The provider's scale for this view; an exact count is asked once per version of the history. */
  async #scale(
    provider: Provider | undefined,
    total: number,
    threshold: number,
    view: () => Message[],
    prompt: string | undefined,
  ): Promise<TokenScale> {
    const key = `${this.log.version}|${this.log.length}|${prompt ?? ""}`;
    if (this.#exact?.key === key && this.#exact.provider === provider) return this.#exact.scale;
    const scale = await scaleForView(provider, total, threshold, view);
    if (scale.source === "exact" && provider) this.#exact = { key, provider, scale };
    return scale;
  }

  #notice(summary: CompactionSummary, target: number): Message | undefined {
    if (summary.strategy_level < this.config.compaction_notice_min_level) return undefined;
    return compactionNotice(summary, {
      verbosity: this.config.compaction_notice_verbosity,
      target,
      protected_recent: this.config.protected_recent,
      protected_tool_results: this.config.protected_tool_results,
    });
  }

  #reportFits(): void {
    this.#overBudgetReported = false;
  }

  async #report(
    report: CompactionReport,
    sizes: { budget: number; target: number; source: string; scale: TokenScale; duration_ms: number },
  ): Promise<void> {
    const { budget, target, source, scale, duration_ms } = sizes;
    this.#compactions++;
    // Reported in real tokens, as the budget is.
    const before_tokens = Math.ceil(report.before_tokens * scale.ratio);
    const after_tokens = Math.ceil(report.after_tokens * scale.ratio);
    const over_budget = after_tokens > budget;
    await this.hooks?.emit(CONTEXT_COMPACTION, {
      ...report,
      before_tokens,
      after_tokens,
      // The original's names for the same counts, so hooks written for it read them.
      messages_removed: report.removed_messages,
      messages_truncated: report.truncated_tool_results,
      user_messages_stubbed: report.stubbed_user_messages,
      target_tokens: target,
      protected_recent: this.config.protected_recent,
      protected_tool_results: this.config.protected_tool_results,
      budget,
      budget_source: source,
      target,
      threshold: Math.floor(budget * this.config.compact_threshold),
      over_budget,
      token_ratio: scale.ratio,
      token_source: scale.source,
      compaction_count: this.#compactions,
      // How long building the compacted view took, by the context's clock (traces show it as a span).
      duration_ms: Math.max(0, duration_ms),
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
        `The conversation no longer fits the model's context even after compaction (${after_tokens} of ` +
        `${budget} tokens): the protected recent messages are too large. Start a new session or lower protected_recent.`,
    });
  }
}

/**
 * The Durable Object of one session: the strongly consistent home of its plan, its history and
 * its turns' events (the object's SQLite store), the place its turns run one after another, and
 * the owner of its live kernel session. The Worker reaches it over RPC; every method answers a
 * `Result` (the kernel's error data crosses whole, and the Worker adds the HTTP status).
 */
import { DurableObject } from "cloudflare:workers";
import { KernelError, type Result, settle } from "../../src/errors.ts";
import type { Message } from "../../src/models/index.ts";
import { copySession, createDurableObjectStore, createKvStore, type MessageStore } from "../../src/storage/index.ts";
import {
  extractModuleSources,
  loadModuleSource,
  restoreModuleSources,
  type StoredModuleSource,
  saveModuleSources,
} from "./module-sources.ts";
import { type AmplifierEnv, envValue, planEnvFor, type ResolvedOptions } from "./options.ts";
import { SessionRuntime } from "./session-runtime.ts";
import { type PromptRequest, SessionTurns, type TurnContext } from "./session-turns.ts";
import { runTurn } from "./turn.ts";

/** What the object keeps about its session besides the history. */
interface SessionRecord {
  readonly session_id: string;
  /** The plan as posted, with inline sources replaced by their content hash. */
  readonly plan: Record<string, unknown>;
  readonly created_at: string;
}

/** What `GET /v1/sessions/:id` answers. */
export interface SessionStatus {
  readonly session_id: string;
  readonly created_at: string;
  readonly message_count: number;
  /** Turns running or waiting. */
  readonly turns_queued: number;
  readonly pending_approvals: number;
  /** The id of the session's newest event (0 before its first turn): `GET …/events?after=` takes it. */
  readonly last_event_id: number;
}

/** The KV prefix of archived sessions. */
export const ARCHIVE_PREFIX = "archive";
const RECORD_KEY = "amplifier-edge:session";

/** The RPC methods of a session object, as the Worker calls them. */
export interface SessionObjectInstance extends DurableObject<AmplifierEnv> {
  create(sessionId: string, plan: Record<string, unknown>): Promise<Result<{ session_id: string }>>;
  prompt(sessionId: string, prompt: string, request?: PromptRequest): Promise<Result<ReadableStream<Uint8Array>>>;
  events(sessionId: string, afterId: number | undefined): Promise<Result<ReadableStream<Uint8Array>>>;
  messages(sessionId: string): Promise<Result<Message[]>>;
  status(sessionId: string): Promise<Result<SessionStatus>>;
  answerApproval(sessionId: string, requestId: string, decision: string): Promise<Result<{ decision: string }>>;
  decideApproval(sessionId: string, requestId: string, approved: boolean): Promise<Result<{ decision?: string }>>;
  runningTurn(sessionId: string): Promise<Result<{ stream: ReadableStream<Uint8Array>; decided: string[] } | null>>;
  cancel(sessionId: string): Promise<Result<{ cancelled: true }>>;
  /** One request of the session's MCP endpoint (its tools served over Streamable HTTP). */
  mcp(sessionId: string, request: Request): Promise<Result<Response>>;
  remove(sessionId: string): Promise<Result<{ archived: boolean }>>;
}

/** A session object class (`class_name` of the `SESSIONS` binding). */
export type SessionObjectClass = new (ctx: DurableObjectState, env: AmplifierEnv) => SessionObjectInstance;

/** The session object class for these options (what `createAmplifierWorker` returns as `SessionObject`). */
export function createSessionObjectClass(options: ResolvedOptions): SessionObjectClass {
  const now = options.now;
  const storeClock = now === undefined ? {} : { now: () => now().getTime() };

  return class SessionObject extends DurableObject<AmplifierEnv> {
    #record: SessionRecord | undefined;
    #store: MessageStore | undefined;
    #runtime: SessionRuntime | undefined;
    #deleting = false;
    readonly #turns = new SessionTurns({
      sql: this.ctx.storage.sql,
      maxQueuedPrompts: options.maxQueuedPrompts,
      retainedTurns: options.retainedTurns,
      heartbeatMs: options.heartbeatMs,
      retryMs: options.retryMs,
      newId: options.newId,
      run: (turn) => this.#turn(turn),
      waitUntil: (promise) => this.ctx.waitUntil(promise),
    });
    /** Sources this object has seen, by hash (content-addressed, so never stale). */
    readonly #sources = new Map<string, StoredModuleSource>();

    /** Stores a new session's plan (validated by the Worker) and its module sources. */
    create(sessionId: string, plan: Record<string, unknown>): Promise<Result<{ session_id: string }>> {
      return settle(async () => {
        if ((await this.ctx.storage.get(RECORD_KEY)) !== undefined) {
          throw new KernelError("name_conflict", `Session ${sessionId} already exists.`);
        }
        const extracted = await extractModuleSources(plan);
        for (const [hash, source] of extracted.sources) this.#sources.set(hash, source);
        await saveModuleSources(this.#archive(), extracted.sources);
        const record: SessionRecord = {
          session_id: sessionId,
          plan: extracted.plan,
          created_at: (now?.() ?? new Date()).toISOString(),
        };
        await this.ctx.storage.put(RECORD_KEY, record);
        this.#record = record;
        return { session_id: sessionId };
      });
    }

    /**
     * Queues a turn and answers its event stream at once (the turn starts when the ones before it
     * end). A prompt whose idempotency key names a known turn joins it instead: its stream replays
     * the turn's events after `request.after`, then follows it live.
     */
    prompt(
      sessionId: string,
      prompt: string,
      request: PromptRequest = {},
    ): Promise<Result<ReadableStream<Uint8Array>>> {
      return settle(async () => {
        await this.#recordOf(sessionId);
        const { turn } = await this.#turns.queue(prompt, request);
        return this.#turns.turnStream(turn.turnId, request.after ?? 0);
      });
    }

    /** The session's events after `afterId` (default all it keeps), then live until no turn is queued or running. */
    events(sessionId: string, afterId: number | undefined): Promise<Result<ReadableStream<Uint8Array>>> {
      return settle(async () => {
        await this.#recordOf(sessionId);
        return this.#turns.sessionStream(afterId);
      });
    }

    /** The stored history. */
    messages(sessionId: string): Promise<Result<Message[]>> {
      return settle(async () => {
        await this.#recordOf(sessionId);
        return (await this.#storeOf().load(sessionId)).map((stored) => stored.message);
      });
    }

    /** The session's counters. */
    status(sessionId: string): Promise<Result<SessionStatus>> {
      return settle(async () => {
        const record = await this.#recordOf(sessionId);
        const info = await this.#storeOf().getSession(sessionId);
        return {
          session_id: sessionId,
          created_at: record.created_at,
          message_count: info?.messageCount ?? 0,
          turns_queued: this.#turns.size,
          pending_approvals: this.#runtime?.approvals.pendingCount ?? 0,
          last_event_id: this.#turns.feed().log.lastEventId(),
        };
      });
    }

    /** Answers a pending `ask_user` approval of this session. */
    answerApproval(sessionId: string, requestId: string, decision: string): Promise<Result<{ decision: string }>> {
      return settle(async () => {
        await this.#recordOf(sessionId);
        const runtime = this.#runtime;
        if (runtime === undefined) {
          throw new KernelError("approval_not_found", `No pending approval ${requestId} in this session.`);
        }
        return runtime.approvals.answer(requestId, decision);
      });
    }

    /**
     * Answers a pending approval with a yes or no (the AI SDK's approvals): its allow option or
     * its deny option. Answers `{}` when the approval is no longer pending (answered, timed out).
     */
    decideApproval(sessionId: string, requestId: string, approved: boolean): Promise<Result<{ decision?: string }>> {
      return settle(async () => {
        await this.#recordOf(sessionId);
        const decision = this.#runtime?.approvals.decide(requestId, approved);
        return decision === undefined ? {} : { decision };
      });
    }

    /** The newest unfinished turn's events from its start and its answered approvals, or null. */
    runningTurn(sessionId: string): Promise<Result<{ stream: ReadableStream<Uint8Array>; decided: string[] } | null>> {
      return settle(async () => {
        await this.#recordOf(sessionId);
        return this.#turns.unfinishedTurnStream() ?? null;
      });
    }

    /** Cancels the running turn (immediately: tools and providers get an aborted signal). */
    cancel(sessionId: string): Promise<Result<{ cancelled: true }>> {
      return settle(async () => {
        await this.#recordOf(sessionId);
        this.#turns.cancel("The turn was cancelled over the API.");
        this.#runtime?.approvals.settleAll("deny");
        return { cancelled: true };
      });
    }

    /**
     * Answers one request of the session's MCP endpoint (its tools as an MCP server); the live
     * session is built (and its modules mounted) if it is not yet.
     */
    mcp(sessionId: string, request: Request): Promise<Result<Response>> {
      return settle(async () => {
        const record = await this.#recordOf(sessionId);
        const runtime = await this.#runtimeOf(record);
        return runtime.mcp.handle(request);
      });
    }

    /** Stops the session, copies its history to the KV archive (unless turned off) and deletes everything here. */
    remove(sessionId: string): Promise<Result<{ archived: boolean }>> {
      return settle(async () => {
        await this.#recordOf(sessionId);
        this.#deleting = true;
        try {
          const stopped = this.#turns.stop("The session was deleted.");
          this.#runtime?.approvals.settleAll("deny");
          await stopped;
          await this.#runtime?.[Symbol.asyncDispose]();
          this.#runtime = undefined;
          const store = this.#storeOf();
          const archived = options.archiveOnDelete && (await store.getSession(sessionId)) !== undefined;
          if (archived) await copySession(store, createKvStore(this.#archive(), { prefix: ARCHIVE_PREFIX }), sessionId);
          await store.close();
          this.#store = undefined;
          this.#record = undefined;
          await this.ctx.storage.deleteAll();
          this.#turns.reset();
          return { archived };
        } finally {
          this.#deleting = false;
        }
      });
    }

    async #turn(turn: TurnContext): Promise<void> {
      const record = this.#record;
      if (this.#deleting || record === undefined) {
        turn.finish("failed", "error", {
          code: "session_deleted",
          message: "The session was deleted before this turn started.",
        });
        return;
      }
      try {
        await runTurn({
          ...turn,
          runtime: () => this.#runtimeOf(record),
          discard: async () => {
            const broken = this.#runtime;
            this.#runtime = undefined;
            await broken?.[Symbol.asyncDispose]().catch(() => undefined);
          },
        });
      } finally {
        // The turn's spans have ended (execution:end); export them without holding up the next turn.
        const flush = options.flushTraces;
        if (flush !== undefined) this.ctx.waitUntil(flush().catch(() => undefined));
      }
    }

    async #runtimeOf(record: SessionRecord): Promise<SessionRuntime> {
      if (this.#runtime !== undefined) return this.#runtime;
      const plan = await restoreModuleSources(record.plan, (hash) => this.#sourceOf(hash));
      const store = this.#storeOf();
      const stored = await store.getSession(record.session_id);
      const runtime = new SessionRuntime({
        sessionId: record.session_id,
        plan,
        store,
        resumed: (stored?.messageCount ?? 0) > 0,
        modules: options.modules,
        wasmModule: await options.wasmModule(),
        env: planEnvFor(options, this.env),
        capabilities: options.capabilities(this.env),
        newId: options.newId,
        now: options.now,
        sourceFetch: options.sourceFetch,
        sandboxFetch: options.sandboxFetch,
        maxMcpRequestBytes: options.maxRequestBytes,
      });
      this.#runtime = runtime;
      return runtime;
    }

    async #sourceOf(hash: string): Promise<StoredModuleSource> {
      const known = this.#sources.get(hash);
      if (known !== undefined) return known;
      const source = await loadModuleSource(this.#archive(), hash);
      this.#sources.set(hash, source);
      return source;
    }

    async #recordOf(sessionId: string): Promise<SessionRecord> {
      this.#record ??= await this.ctx.storage.get<SessionRecord>(RECORD_KEY);
      if (this.#record === undefined || this.#record.session_id !== sessionId || this.#deleting) {
        throw new KernelError("session_not_found", `No session ${sessionId}.`);
      }
      return this.#record;
    }

    #storeOf(): MessageStore {
      this.#store ??= createDurableObjectStore(this.ctx.storage, storeClock);
      return this.#store;
    }

    #archive(): KVNamespace {
      const namespace = envValue(this.env, options.archiveBinding);
      if (namespace === undefined) {
        throw new KernelError("storage_failed", `The Worker has no KV binding named ${options.archiveBinding}.`);
      }
      return namespace as KVNamespace;
    }
  };
}

/**
 * The part of every store that does not depend on the engine: validation, cancellation, per-session
 * locks, turning failures into KernelError `storage_failed` with a `storage:failed` event, and
 * ownership (a closed store refuses work).
 */
import { describeError, KernelError } from "../errors.ts";
import { STORAGE_FAILED } from "../hooks/events.ts";
import type { Message } from "../models/index.ts";
import { LocalLockManager, type LockManagerLike, SessionLocks } from "./locks.ts";
import type {
  LoadOptions,
  LockedSession,
  MessageStore,
  SessionInfo,
  StoreCallOptions,
  StoredMessage,
  StoreEventListener,
  StoreOptions,
} from "./message-store.ts";
import {
  checkRange,
  checkSessionId,
  checkTitle,
  checkValueKey,
  decodeJson,
  encodeMessage,
  encodeValue,
} from "./records.ts";
import type { StoreBackend } from "./store-backend.ts";

/** Options of {@link BackedMessageStore}. */
export interface FrontendOptions extends StoreOptions {
  /** The lock space; stores over the same data must use the same name to exclude each other. */
  readonly lockName: string;
  /** The lock manager; defaults to an in-process one (stores with cross-tab data pass Web Locks). */
  readonly locks?: LockManagerLike;
}

/** A {@link MessageStore} over a {@link StoreBackend}. Created by the `create*Store` factories. */
export class BackedMessageStore implements MessageStore {
  readonly kind: string;
  readonly #backend: StoreBackend;
  readonly #locks: SessionLocks;
  readonly #now: () => number;
  readonly #onEvent: StoreEventListener | undefined;
  #closed: Promise<void> | undefined;

  constructor(backend: StoreBackend, options: FrontendOptions) {
    this.kind = backend.kind;
    this.#backend = backend;
    this.#locks = new SessionLocks(options.lockName, options.locks ?? new LocalLockManager());
    this.#now = options.now ?? Date.now;
    this.#onEvent = options.onEvent;
  }

  async append(sessionId: string, message: Message, options?: StoreCallOptions): Promise<number> {
    const id = checkSessionId(sessionId);
    const encoded = encodeMessage(message);
    return this.#locked("append", id, options, () => this.#backend.append(id, encoded, this.#now()));
  }

  async load(sessionId: string, options?: LoadOptions): Promise<StoredMessage[]> {
    const id = checkSessionId(sessionId);
    const range = checkRange(options);
    return this.#run("load", id, options, () => this.#backend.load(id, range));
  }

  async replace(sessionId: string, messages: readonly Message[], options?: StoreCallOptions): Promise<void> {
    const id = checkSessionId(sessionId);
    if (!Array.isArray(messages)) {
      throw new KernelError("invalid_argument", "replace: messages must be an array", {
        issues: [{ path: ["messages"], message: "expected array", code: "invalid_type" }],
      });
    }
    const encoded = messages.map((message, index) => encodeMessage(message, ["messages", index]));
    return this.#locked("replace", id, options, () => this.#backend.replace(id, encoded, this.#now()));
  }

  async clear(sessionId: string, options?: StoreCallOptions): Promise<void> {
    const id = checkSessionId(sessionId);
    return this.#locked("clear", id, options, () => this.#backend.clear(id, this.#now()));
  }

  async getSession(sessionId: string, options?: StoreCallOptions): Promise<SessionInfo | undefined> {
    const id = checkSessionId(sessionId);
    return this.#run("getSession", id, options, () => this.#backend.getSession(id));
  }

  async listSessions(options?: StoreCallOptions): Promise<SessionInfo[]> {
    return this.#run("listSessions", undefined, options, () => this.#backend.listSessions());
  }

  async setTitle(sessionId: string, title: string, options?: StoreCallOptions): Promise<void> {
    const id = checkSessionId(sessionId);
    const checked = checkTitle(title);
    return this.#locked("setTitle", id, options, () => this.#backend.setTitle(id, checked, this.#now()));
  }

  async deleteSession(sessionId: string, options?: StoreCallOptions): Promise<void> {
    const id = checkSessionId(sessionId);
    return this.#locked("deleteSession", id, options, () => this.#backend.deleteSession(id));
  }

  async getValue(sessionId: string, key: string, options?: StoreCallOptions): Promise<unknown> {
    const id = checkSessionId(sessionId);
    const checkedKey = checkValueKey(key);
    return this.#run("getValue", id, options, async () => {
      const json = await this.#backend.getValue(id, checkedKey);
      return json === undefined ? undefined : decodeJson(json, `value "${checkedKey}" of session "${id}"`);
    });
  }

  async setValue(sessionId: string, key: string, value: unknown, options?: StoreCallOptions): Promise<void> {
    const id = checkSessionId(sessionId);
    const checkedKey = checkValueKey(key);
    const json = encodeValue(value);
    return this.#run("setValue", id, options, () => this.#backend.setValue(id, checkedKey, json));
  }

  async deleteValue(sessionId: string, key: string, options?: StoreCallOptions): Promise<void> {
    const id = checkSessionId(sessionId);
    const checkedKey = checkValueKey(key);
    return this.#run("deleteValue", id, options, () => this.#backend.deleteValue(id, checkedKey));
  }

  async listValues(sessionId: string, options?: StoreCallOptions): Promise<Record<string, unknown>> {
    const id = checkSessionId(sessionId);
    return this.#run("listValues", id, options, async () => {
      const values: Record<string, unknown> = {};
      for (const [key, json] of await this.#backend.listValues(id)) {
        Object.defineProperty(values, key, {
          value: decodeJson(json, `value "${key}" of session "${id}"`),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return values;
    });
  }

  async withSessionLock<T>(sessionId: string, body: (session: LockedSession) => Promise<T>): Promise<T> {
    const id = checkSessionId(sessionId);
    this.#checkOpen();
    return this.#locks.run(id, async () => {
      let held = true;
      const guard = <R>(operation: string, work: () => Promise<R>): Promise<R> => {
        if (!held) {
          return Promise.reject(
            new KernelError("storage_failed", `${operation} on session "${id}" after its lock was released`),
          );
        }
        return this.#run(operation, id, undefined, work);
      };
      const session: LockedSession = {
        sessionId: id,
        append: (message) => guard("append", async () => this.#backend.append(id, encodeMessage(message), this.#now())),
        load: (range) => guard("load", async () => this.#backend.load(id, checkRange(range))),
        replace: (messages) =>
          guard("replace", async () => {
            const encoded = messages.map((message, index) => encodeMessage(message, ["messages", index]));
            return this.#backend.replace(id, encoded, this.#now());
          }),
        clear: () => guard("clear", () => this.#backend.clear(id, this.#now())),
      };
      try {
        return await body(session);
      } finally {
        held = false;
      }
    });
  }

  /** Closes the store; later calls fail with `storage_failed`. Safe to call more than once. */
  close(): Promise<void> {
    this.#closed ??= this.#backend.close();
    return this.#closed;
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  #locked<T>(operation: string, sessionId: string, options: StoreCallOptions | undefined, work: () => Promise<T>) {
    this.#checkOpen();
    throwIfAborted(options?.signal, operation);
    return this.#locks.run(sessionId, () => this.#run(operation, sessionId, options, work));
  }

  async #run<T>(
    operation: string,
    sessionId: string | undefined,
    options: StoreCallOptions | undefined,
    work: () => Promise<T>,
  ): Promise<T> {
    this.#checkOpen();
    throwIfAborted(options?.signal, operation);
    try {
      return await work();
    } catch (error) {
      throw this.#failure(operation, sessionId, error);
    }
  }

  #failure(operation: string, sessionId: string | undefined, error: unknown): KernelError {
    if (KernelError.is(error) && error.code !== "storage_failed") return error;
    const reason = failureReason(error);
    const where = sessionId === undefined ? "" : ` of session "${sessionId}"`;
    const failure = KernelError.is(error)
      ? error
      : new KernelError(
          "storage_failed",
          `${this.kind} store: ${operation}${where} failed (${reason}): ${describeError(error)}.${hintFor(reason)}`,
          { cause: error, data: { store: this.kind, operation, session_id: sessionId ?? null, reason } },
        );
    try {
      this.#onEvent?.(STORAGE_FAILED, {
        session_id: sessionId ?? null,
        store: this.kind,
        operation,
        error: failure.toData(),
      });
    } catch {
      // A listener that throws must not turn one failure into another.
    }
    return failure;
  }

  #checkOpen(): void {
    if (this.#closed !== undefined) {
      throw new KernelError("storage_failed", `${this.kind} store is closed; create a new store to use it again`, {
        data: { store: this.kind, reason: "closed" },
      });
    }
  }
}

function throwIfAborted(signal: AbortSignal | undefined, operation: string): void {
  if (signal?.aborted) {
    throw new KernelError("cancelled", `${operation} was cancelled before it wrote anything`, { cause: signal.reason });
  }
}

function failureReason(error: unknown): string {
  const name = typeof error === "object" && error !== null ? (error as { name?: unknown }).name : undefined;
  if (name === "QuotaExceededError") return "quota_exceeded";
  if (name === "AbortError") return "transaction_aborted";
  if (name === "VersionError") return "newer_schema";
  return "error";
}

function hintFor(reason: string): string {
  if (reason === "quota_exceeded")
    return " Storage is full: free space (delete old sessions) and retry; nothing was written.";
  if (reason === "transaction_aborted") return " The transaction was aborted and nothing was written; retry.";
  return " The stored history is unchanged.";
}

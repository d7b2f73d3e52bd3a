/**
 * The in-memory store: the reference implementation of the contract, for tests, the CLI and
 * sessions that need not outlive the process. Data is kept as JSON text, so callers can never
 * mutate what is stored.
 */
import type { Message } from "../models/index.ts";
import type { MessageStore, SessionInfo, StoredMessage, StoreOptions } from "./message-store.ts";
import type { EncodedMessage, SeqRange } from "./records.ts";
import { bySessionRecency, type StoreBackend, sessionInfo } from "./store-backend.ts";
import { BackedMessageStore } from "./store-frontend.ts";

interface MemorySession {
  createdAt: number;
  updatedAt: number;
  title: string | undefined;
  autoTitle: string | undefined;
  messages: { at: number; json: string }[];
}

/**
 * Creates a store that keeps everything in this process's memory.
 *
 * @example
 * await using store = createMemoryStore();
 * const seq = await store.append("s1", { role: "user", content: "hi" }); // 1
 */
export function createMemoryStore(options: StoreOptions = {}): MessageStore {
  return new BackedMessageStore(new MemoryBackend(), { ...options, lockName: "amplifier-edge/memory" });
}

class MemoryBackend implements StoreBackend {
  readonly kind = "memory";
  readonly #sessions = new Map<string, MemorySession>();
  readonly #values = new Map<string, Map<string, string>>();

  async append(sessionId: string, message: EncodedMessage, at: number): Promise<number> {
    const session = this.#session(sessionId, at);
    session.messages.push({ at, json: message.json });
    session.updatedAt = at;
    session.autoTitle ??= message.titleCandidate;
    return session.messages.length;
  }

  async load(sessionId: string, range: SeqRange): Promise<StoredMessage[]> {
    const messages = this.#sessions.get(sessionId)?.messages ?? [];
    const end = Math.min(messages.length, range.to);
    const loaded: StoredMessage[] = [];
    for (let seq = range.from; seq <= end; seq += 1) {
      const record = messages[seq - 1];
      if (record !== undefined) loaded.push({ seq, at: record.at, message: JSON.parse(record.json) as Message });
    }
    return loaded;
  }

  async replace(sessionId: string, messages: readonly EncodedMessage[], at: number): Promise<void> {
    const session = this.#session(sessionId, at);
    session.messages = messages.map((message) => ({ at, json: message.json }));
    session.updatedAt = at;
    session.autoTitle = messages.find((message) => message.titleCandidate !== undefined)?.titleCandidate;
  }

  async clear(sessionId: string, at: number): Promise<void> {
    const session = this.#sessions.get(sessionId);
    if (session === undefined) return;
    session.messages = [];
    session.updatedAt = at;
    session.autoTitle = undefined;
  }

  async getSession(sessionId: string): Promise<SessionInfo | undefined> {
    const session = this.#sessions.get(sessionId);
    return session === undefined ? undefined : infoOf(sessionId, session);
  }

  async listSessions(): Promise<SessionInfo[]> {
    return [...this.#sessions].map(([id, session]) => infoOf(id, session)).sort(bySessionRecency);
  }

  async setTitle(sessionId: string, title: string, at: number): Promise<void> {
    const session = this.#session(sessionId, at);
    session.title = title;
    session.updatedAt = at;
  }

  async deleteSession(sessionId: string): Promise<void> {
    this.#sessions.delete(sessionId);
    this.#values.delete(sessionId);
  }

  async getValue(sessionId: string, key: string): Promise<string | undefined> {
    return this.#values.get(sessionId)?.get(key);
  }

  async setValue(sessionId: string, key: string, json: string): Promise<void> {
    let values = this.#values.get(sessionId);
    if (values === undefined) {
      values = new Map();
      this.#values.set(sessionId, values);
    }
    values.set(key, json);
  }

  async deleteValue(sessionId: string, key: string): Promise<void> {
    this.#values.get(sessionId)?.delete(key);
  }

  async listValues(sessionId: string): Promise<[string, string][]> {
    return [...(this.#values.get(sessionId) ?? [])].sort(([left], [right]) => (left < right ? -1 : 1));
  }

  async close(): Promise<void> {
    this.#sessions.clear();
    this.#values.clear();
  }

  #session(sessionId: string, at: number): MemorySession {
    let session = this.#sessions.get(sessionId);
    if (session === undefined) {
      session = { createdAt: at, updatedAt: at, title: undefined, autoTitle: undefined, messages: [] };
      this.#sessions.set(sessionId, session);
    }
    return session;
  }
}

function infoOf(sessionId: string, session: MemorySession): SessionInfo {
  return sessionInfo(sessionId, {
    createdAt: session.createdAt,
    updatedAt: session.updatedAt,
    messageCount: session.messages.length,
    title: session.title ?? session.autoTitle,
  });
}

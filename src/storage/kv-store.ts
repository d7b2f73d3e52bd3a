/**
 * The Workers KV store: the archive of sessions on Cloudflare (see docs/storage.md for what an
 * eventually consistent reader may see, and for moving a session from its Durable Object to KV).
 *
 * One writer per session (the Durable Object that owns it, or the archiver) is assumed: the writer
 * keeps the session's sequence number in memory, because KV has no transactions and its listings
 * lag behind writes. A new session writes its first message before its meta key, and a replacement
 * writes a whole new generation before switching meta to it, so a failure never leaves a visible
 * half-written state.
 */
import {
  KV_SCHEMA_VERSION,
  KvLayout,
  type KvMessageMetadata,
  type KvMeta,
  type KvNamespaceLike,
  parseMessageKey,
} from "./kv-layout.ts";
import { checkMeta, decodeMessage, inBatches, type KvState, stateFrom } from "./kv-records.ts";
import type { MessageStore, SessionInfo, StoredMessage, StoreOptions } from "./message-store.ts";
import { decodeJson, type EncodedMessage, type SeqRange } from "./records.ts";
import { bySessionRecency, type StoreBackend, sessionInfo } from "./store-backend.ts";
import { BackedMessageStore } from "./store-frontend.ts";

/** Options of {@link createKvStore}. */
export interface KvStoreOptions extends StoreOptions {
  /** The first segment of every key (default `amplifier`), so that a namespace can hold other data. */
  readonly prefix?: string;
}

/**
 * Creates a store in a Workers KV namespace.
 *
 * @param namespace the binding, e.g. `env.ARCHIVE`.
 * @example
 * const archive = createKvStore(env.ARCHIVE, { prefix: "sessions" });
 * await archive.replace(sessionId, messages); // one key per message, then the meta key
 */
export function createKvStore(namespace: KvNamespaceLike, options: KvStoreOptions = {}): MessageStore {
  const layout = new KvLayout(options.prefix ?? "amplifier");
  return new BackedMessageStore(new KvBackend(namespace, layout), { ...options, lockName: `amplifier-edge/kv` });
}

class KvBackend implements StoreBackend {
  readonly kind = "kv";
  readonly #kv: KvNamespaceLike;
  readonly #layout: KvLayout;
  readonly #written = new Map<string, KvState>();

  constructor(kv: KvNamespaceLike, layout: KvLayout) {
    this.#kv = kv;
    this.#layout = layout;
  }

  async append(sessionId: string, message: EncodedMessage, at: number): Promise<number> {
    const known = await this.#writerState(sessionId);
    const generation = known?.meta.generation ?? (await this.#newestGeneration(sessionId)) + 1;
    const seq = (known?.count ?? 0) + 1;
    const key = this.#layout.message(sessionId, generation, seq);
    await this.#putOrUndo([key], () => this.#putMessage(key, message, at));
    let meta = known?.meta;
    if (meta === undefined) {
      meta = { v: KV_SCHEMA_VERSION, createdAt: at, updatedAt: at, generation };
      await this.#putOrUndo([key], () => this.#putMeta(sessionId, meta as KvMeta));
    }
    this.#written.set(sessionId, {
      meta,
      count: seq,
      lastAt: at,
      autoTitle: known?.autoTitle ?? message.titleCandidate,
    });
    return seq;
  }

  async load(sessionId: string, range: SeqRange): Promise<StoredMessage[]> {
    const state = this.#written.get(sessionId) ?? (await this.#readState(sessionId));
    if (state === undefined) return [];
    const last = Math.min(state.count, range.to);
    const seqs: number[] = [];
    for (let seq = range.from; seq <= last; seq += 1) seqs.push(seq);
    const generation = state.meta.generation;
    const texts = await inBatches(seqs, (seq) =>
      this.#kv.get(this.#layout.message(sessionId, generation, seq), "text"),
    );
    const loaded: StoredMessage[] = [];
    for (const [index, text] of texts.entries()) {
      if (text === null) break; // Not visible here yet: stop at the gap rather than skip it.
      loaded.push(decodeMessage(text, seqs[index] as number, sessionId));
    }
    return loaded;
  }

  async replace(sessionId: string, messages: readonly EncodedMessage[], at: number): Promise<void> {
    const known = await this.#writerState(sessionId);
    const generation = Math.max(known?.meta.generation ?? 0, await this.#newestGeneration(sessionId)) + 1;
    const keys = messages.map((_, index) => this.#layout.message(sessionId, generation, index + 1));
    const meta: KvMeta = { ...baseMeta(known, at), updatedAt: at, generation };
    await this.#putOrUndo(keys, async () => {
      await inBatches(messages, (message, index) => this.#putMessage(keys[index] as string, message, at));
      await this.#putMeta(sessionId, meta);
    });
    const autoTitle = messages.find((message) => message.titleCandidate !== undefined)?.titleCandidate;
    this.#written.set(sessionId, { meta, count: messages.length, lastAt: at, autoTitle });
    await this.#dropOtherGenerations(sessionId, generation);
  }

  async clear(sessionId: string, at: number): Promise<void> {
    const known = await this.#writerState(sessionId);
    if (known === undefined) return;
    const generation = Math.max(known.meta.generation, await this.#newestGeneration(sessionId)) + 1;
    const meta: KvMeta = { ...known.meta, updatedAt: at, generation };
    await this.#putMeta(sessionId, meta);
    this.#written.set(sessionId, { meta, count: 0, lastAt: at, autoTitle: undefined });
    await this.#dropOtherGenerations(sessionId, generation);
  }

  async getSession(sessionId: string): Promise<SessionInfo | undefined> {
    const state = this.#written.get(sessionId) ?? (await this.#readState(sessionId));
    return state === undefined ? undefined : infoOf(sessionId, state);
  }

  async listSessions(): Promise<SessionInfo[]> {
    const found = new Map<
      string,
      { meta?: KvMeta; messages: { generation: number; seq: number; data: KvMessageMetadata }[] }
    >();
    for (const key of await this.#listAll<unknown>(this.#layout.root)) {
      const parsed = this.#layout.parse(key.name);
      if (parsed === undefined) continue;
      const entry = found.get(parsed.sessionId) ?? { messages: [] };
      found.set(parsed.sessionId, entry);
      if (parsed.rest === "meta") entry.meta = checkMeta(key.metadata as KvMeta);
      const position = parseMessageKey(parsed.rest);
      if (position !== undefined) entry.messages.push({ ...position, data: key.metadata as KvMessageMetadata });
    }
    const sessions: SessionInfo[] = [];
    for (const [sessionId, entry] of found) {
      if (entry.meta === undefined) continue; // Not created yet, or being deleted.
      const current = entry.messages.filter((message) => message.generation === entry.meta?.generation);
      sessions.push(infoOf(sessionId, stateFrom(entry.meta, current)));
    }
    return sessions.sort(bySessionRecency);
  }

  async setTitle(sessionId: string, title: string, at: number): Promise<void> {
    const known = await this.#writerState(sessionId);
    const generation = known?.meta.generation ?? (await this.#newestGeneration(sessionId)) + 1;
    const meta: KvMeta = { ...baseMeta(known, at), updatedAt: at, generation, title };
    await this.#putMeta(sessionId, meta);
    this.#written.set(sessionId, { ...(known ?? { count: 0, lastAt: at, autoTitle: undefined }), meta });
  }

  async deleteSession(sessionId: string): Promise<void> {
    this.#written.delete(sessionId);
    await this.#kv.delete(this.#layout.meta(sessionId)); // From here on the session is invisible.
    const keys = await this.#listAll(this.#layout.session(sessionId));
    await inBatches(keys, (key) => this.#kv.delete(key.name));
  }

  async getValue(sessionId: string, key: string): Promise<string | undefined> {
    return (await this.#kv.get(this.#layout.value(sessionId, key), "text")) ?? undefined;
  }

  async setValue(sessionId: string, key: string, json: string): Promise<void> {
    await this.#kv.put(this.#layout.value(sessionId, key), json);
  }

  async deleteValue(sessionId: string, key: string): Promise<void> {
    await this.#kv.delete(this.#layout.value(sessionId, key));
  }

  async listValues(sessionId: string): Promise<[string, string][]> {
    const prefix = this.#layout.values(sessionId);
    const keys = await this.#listAll(prefix);
    const texts = await inBatches(keys, (key) => this.#kv.get(key.name, "text"));
    const values: [string, string][] = [];
    for (const [index, text] of texts.entries()) {
      const name = keys[index]?.name ?? "";
      if (text !== null) values.push([decodeURIComponent(name.slice(prefix.length)), text]);
    }
    return values.sort(([left], [right]) => (left < right ? -1 : 1));
  }

  async close(): Promise<void> {
    this.#written.clear();
  }

  /** This writer's view of the session, read from KV the first time. */
  async #writerState(sessionId: string): Promise<KvState | undefined> {
    const known = this.#written.get(sessionId) ?? (await this.#readState(sessionId));
    if (known !== undefined) this.#written.set(sessionId, known);
    return known;
  }

  /** The session as KV shows it now: its meta, then the gap-free run of its current generation. */
  async #readState(sessionId: string): Promise<KvState | undefined> {
    const text = await this.#kv.get(this.#layout.meta(sessionId), "text");
    if (text === null) return undefined;
    const meta = checkMeta(decodeJson(text, `meta of session "${sessionId}"`) as KvMeta);
    const keys = await this.#listAll<KvMessageMetadata>(this.#layout.generation(sessionId, meta.generation));
    const messages = keys.flatMap((key) => {
      const position = parseMessageKey(this.#layout.parse(key.name)?.rest ?? "");
      return position === undefined ? [] : [{ ...position, data: key.metadata ?? { at: meta.updatedAt } }];
    });
    return stateFrom(meta, messages);
  }

  /** The highest generation with any key left, including ones a failed write left behind. */
  async #newestGeneration(sessionId: string): Promise<number> {
    let newest = 0;
    for (const key of await this.#listAll(this.#layout.messages(sessionId))) {
      const position = parseMessageKey(this.#layout.parse(key.name)?.rest ?? "");
      if (position !== undefined) newest = Math.max(newest, position.generation);
    }
    return newest;
  }

  async #dropOtherGenerations(sessionId: string, keep: number): Promise<void> {
    try {
      const keys = await this.#listAll(this.#layout.messages(sessionId));
      const stale = keys.filter(
        (key) => parseMessageKey(this.#layout.parse(key.name)?.rest ?? "")?.generation !== keep,
      );
      await inBatches(stale, (key) => this.#kv.delete(key.name));
    } catch {
      // Unreferenced generations are invisible; the next replace or delete sweeps them again.
    }
  }

  /** Runs `write`; if it fails, deletes `keys` (best effort: they are not referenced by meta yet). */
  async #putOrUndo(keys: readonly string[], write: () => Promise<void>): Promise<void> {
    try {
      await write();
    } catch (error) {
      await inBatches(keys, (key) => this.#kv.delete(key)).catch(() => undefined);
      throw error;
    }
  }

  #putMessage(key: string, message: EncodedMessage, at: number): Promise<void> {
    const metadata: KvMessageMetadata =
      message.titleCandidate === undefined ? { at } : { at, title: message.titleCandidate };
    return this.#kv.put(key, `{"v":${KV_SCHEMA_VERSION},"at":${at},"message":${message.json}}`, { metadata });
  }

  #putMeta(sessionId: string, meta: KvMeta): Promise<void> {
    return this.#kv.put(this.#layout.meta(sessionId), JSON.stringify(meta), { metadata: meta });
  }

  async #listAll<Metadata>(prefix: string): Promise<{ name: string; metadata?: Metadata }[]> {
    const keys: { name: string; metadata?: Metadata }[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.#kv.list<Metadata>(cursor === undefined ? { prefix } : { prefix, cursor });
      keys.push(...page.keys);
      cursor = page.list_complete ? undefined : page.cursor;
    } while (cursor !== undefined);
    return keys;
  }
}

function baseMeta(known: KvState | undefined, at: number): KvMeta {
  return known?.meta ?? { v: KV_SCHEMA_VERSION, createdAt: at, updatedAt: at, generation: 0 };
}

function infoOf(sessionId: string, state: KvState): SessionInfo {
  return sessionInfo(sessionId, {
    createdAt: state.meta.createdAt,
    updatedAt: state.lastAt,
    messageCount: state.count,
    title: state.meta.title ?? state.autoTitle,
  });
}

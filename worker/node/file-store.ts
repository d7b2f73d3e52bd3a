/**
 * A MessageStore in a directory, for the CLI's `--store <dir>`: one append-only JSON Lines file per
 * session (one line per message, flushed to disk before `append` resolves), a small metadata file
 * and a values file. A line torn by a crash is ignored on load and cut off before the next append,
 * so the history stays `1..n` without gaps. One process at a time may write a directory.
 */
import { mkdir, open, readdir, readFile, rename, rm } from "node:fs/promises";
import { join } from "node:path";
import type { Message } from "../../src/models/index.ts";
import type { MessageStore, SessionInfo, StoredMessage, StoreOptions } from "../../src/storage/message-store.ts";
import type { EncodedMessage, SeqRange } from "../../src/storage/records.ts";
import { bySessionRecency, type StoreBackend, sessionInfo } from "../../src/storage/store-backend.ts";
import { BackedMessageStore } from "../../src/storage/store-frontend.ts";

interface SessionMeta {
  createdAt: number;
  updatedAt: number;
  title?: string;
  autoTitle?: string;
}

interface MessageLine {
  at: number;
  message: Message;
}

/**
 * Creates a store that keeps sessions under `directory` (created if missing).
 *
 * @example
 * await using store = createFileStore(".amplifier-sessions");
 * await store.append("s1", { role: "user", content: "hi" }); // 1, on disk when it resolves
 */
export function createFileStore(directory: string, options: StoreOptions = {}): MessageStore {
  return new BackedMessageStore(new FileBackend(directory), {
    ...options,
    lockName: `amplifier-edge/file:${directory}`,
  });
}

class FileBackend implements StoreBackend {
  readonly kind = "file";
  readonly #root: string;
  /** Complete lines per session, known after the first read; torn tails are cut before appending. */
  readonly #counts = new Map<string, number>();

  constructor(directory: string) {
    this.#root = join(directory, "sessions");
  }

  async append(sessionId: string, message: EncodedMessage, at: number): Promise<number> {
    const count = await this.#prepareAppend(sessionId, at);
    const line = `${JSON.stringify({ at, message: message.message })}\n`;
    const handle = await open(this.#messagesPath(sessionId), "a");
    try {
      await handle.write(line);
      await handle.datasync();
    } finally {
      await handle.close();
    }
    this.#counts.set(sessionId, count + 1);
    await this.#updateMeta(sessionId, at, (meta) => {
      if (meta.autoTitle === undefined && message.titleCandidate !== undefined) meta.autoTitle = message.titleCandidate;
    });
    return count + 1;
  }

  async load(sessionId: string, range: SeqRange): Promise<StoredMessage[]> {
    const lines = await this.#readLines(sessionId);
    const end = Math.min(lines.length, range.to);
    const loaded: StoredMessage[] = [];
    for (let seq = range.from; seq <= end; seq += 1) {
      const line = lines[seq - 1];
      if (line !== undefined) loaded.push({ seq, at: line.at, message: line.message });
    }
    return loaded;
  }

  async replace(sessionId: string, messages: readonly EncodedMessage[], at: number): Promise<void> {
    await this.#ensureSession(sessionId, at);
    const text = messages.map((message) => `${JSON.stringify({ at, message: message.message })}\n`).join("");
    await writeAtomically(this.#messagesPath(sessionId), text);
    this.#counts.set(sessionId, messages.length);
    await this.#updateMeta(sessionId, at, (meta) => {
      const candidate = messages.find((message) => message.titleCandidate !== undefined)?.titleCandidate;
      if (candidate === undefined) delete meta.autoTitle;
      else meta.autoTitle = candidate;
    });
  }

  async clear(sessionId: string, at: number): Promise<void> {
    if ((await this.#readMeta(sessionId)) === undefined) return;
    await writeAtomically(this.#messagesPath(sessionId), "");
    this.#counts.set(sessionId, 0);
    await this.#updateMeta(sessionId, at, (meta) => {
      delete meta.autoTitle;
    });
  }

  async getSession(sessionId: string): Promise<SessionInfo | undefined> {
    const meta = await this.#readMeta(sessionId);
    if (meta === undefined) return undefined;
    const count = this.#counts.get(sessionId) ?? (await this.#readLines(sessionId)).length;
    return sessionInfo(sessionId, {
      createdAt: meta.createdAt,
      updatedAt: meta.updatedAt,
      messageCount: count,
      title: meta.title ?? meta.autoTitle,
    });
  }

  async listSessions(): Promise<SessionInfo[]> {
    let names: string[];
    try {
      names = await readdir(this.#root);
    } catch (error) {
      if (isMissing(error)) return [];
      throw error;
    }
    const infos = await Promise.all(names.map((name) => this.getSession(name)));
    return infos.filter((info): info is SessionInfo => info !== undefined).sort(bySessionRecency);
  }

  async setTitle(sessionId: string, title: string, at: number): Promise<void> {
    await this.#ensureSession(sessionId, at);
    await this.#updateMeta(sessionId, at, (meta) => {
      meta.title = title;
    });
  }

  async deleteSession(sessionId: string): Promise<void> {
    await rm(this.#sessionDir(sessionId), { recursive: true, force: true });
    this.#counts.delete(sessionId);
  }

  async getValue(sessionId: string, key: string): Promise<string | undefined> {
    return (await this.#readValues(sessionId)).get(key);
  }

  async setValue(sessionId: string, key: string, json: string): Promise<void> {
    const values = await this.#readValues(sessionId);
    values.set(key, json);
    await mkdir(this.#sessionDir(sessionId), { recursive: true });
    await this.#writeValues(sessionId, values);
  }

  async deleteValue(sessionId: string, key: string): Promise<void> {
    const values = await this.#readValues(sessionId);
    if (values.delete(key)) await this.#writeValues(sessionId, values);
  }

  async listValues(sessionId: string): Promise<[string, string][]> {
    return [...(await this.#readValues(sessionId))].sort(([left], [right]) => (left < right ? -1 : 1));
  }

  async close(): Promise<void> {
    this.#counts.clear();
  }

  /** Creates the session if needed and cuts a torn last line; returns the number of complete lines. */
  async #prepareAppend(sessionId: string, at: number): Promise<number> {
    await this.#ensureSession(sessionId, at);
    const known = this.#counts.get(sessionId);
    if (known !== undefined) return known;
    const text = await readText(this.#messagesPath(sessionId));
    const complete = text.slice(0, text.lastIndexOf("\n") + 1);
    if (complete.length !== text.length) await writeAtomically(this.#messagesPath(sessionId), complete);
    const count = complete === "" ? 0 : complete.split("\n").length - 1;
    this.#counts.set(sessionId, count);
    return count;
  }

  async #readLines(sessionId: string): Promise<MessageLine[]> {
    const text = await readText(this.#messagesPath(sessionId));
    const complete = text.slice(0, text.lastIndexOf("\n") + 1);
    if (complete === "") return [];
    return complete
      .slice(0, -1)
      .split("\n")
      .map((line) => JSON.parse(line) as MessageLine);
  }

  async #ensureSession(sessionId: string, at: number): Promise<void> {
    if ((await this.#readMeta(sessionId)) !== undefined) return;
    await mkdir(this.#sessionDir(sessionId), { recursive: true });
    await writeAtomically(this.#metaPath(sessionId), JSON.stringify({ createdAt: at, updatedAt: at }));
  }

  async #readMeta(sessionId: string): Promise<SessionMeta | undefined> {
    const text = await readText(this.#metaPath(sessionId));
    return text === "" ? undefined : (JSON.parse(text) as SessionMeta);
  }

  async #updateMeta(sessionId: string, at: number, change: (meta: SessionMeta) => void): Promise<void> {
    const meta = (await this.#readMeta(sessionId)) ?? { createdAt: at, updatedAt: at };
    change(meta);
    meta.updatedAt = at;
    await writeAtomically(this.#metaPath(sessionId), JSON.stringify(meta));
  }

  /** Values are kept as `[key, json]` pairs so that any key, `__proto__` included, is plain data. */
  async #readValues(sessionId: string): Promise<Map<string, string>> {
    const text = await readText(this.#valuesPath(sessionId));
    return new Map(text === "" ? [] : (JSON.parse(text) as [string, string][]));
  }

  async #writeValues(sessionId: string, values: Map<string, string>): Promise<void> {
    await writeAtomically(this.#valuesPath(sessionId), JSON.stringify([...values]));
  }

  #sessionDir(sessionId: string): string {
    return join(this.#root, sessionId);
  }

  #messagesPath(sessionId: string): string {
    return join(this.#sessionDir(sessionId), "messages.jsonl");
  }

  #metaPath(sessionId: string): string {
    return join(this.#sessionDir(sessionId), "meta.json");
  }

  #valuesPath(sessionId: string): string {
    return join(this.#sessionDir(sessionId), "values.json");
  }
}

async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    if (isMissing(error)) return "";
    throw error;
  }
}

/** Writes a file so that a crash leaves either the old or the new content, never a mix. */
async function writeAtomically(path: string, text: string): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  const handle = await open(temporary, "w");
  try {
    await handle.writeFile(text);
    await handle.datasync();
  } finally {
    await handle.close();
  }
  await rename(temporary, path);
}

function isMissing(error: unknown): boolean {
  return (error as { code?: unknown } | undefined)?.code === "ENOENT";
}

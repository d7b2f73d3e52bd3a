/**
 * A virtual filesystem kept in a session's key-value area (a MessageStore's `getValue`/`setValue`
 * in production, a Map in a session without a store): one value per file under `fs:<path>`;
 * directories exist implicitly through the files under them.
 */
import type { MessageStore } from "../../storage/index.ts";

/** The key-value area the filesystem lives in. */
export interface KeyValueArea {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
  list(): Promise<Record<string, unknown>>;
}

/** The key-value area of one session of a MessageStore. */
export function storeArea(store: MessageStore, sessionId: string): KeyValueArea {
  return {
    get: (key) => store.getValue(sessionId, key),
    set: (key, value) => store.setValue(sessionId, key, value),
    list: () => store.listValues(sessionId),
  };
}

/** A key-value area in memory, for sessions without a store (files live as long as the session). */
export function memoryArea(): KeyValueArea {
  const values = new Map<string, unknown>();
  return {
    get: async (key) => structuredClone(values.get(key)),
    set: async (key, value) => {
      values.set(key, structuredClone(value));
    },
    list: async () => Object.fromEntries([...values].map(([key, value]) => [key, structuredClone(value)])),
  };
}

const PREFIX = "fs:";

interface FileRecord {
  content: string;
}

function isFileRecord(value: unknown): value is FileRecord {
  return typeof value === "object" && value !== null && typeof (value as FileRecord).content === "string";
}

/** What is at a path. */
export type Entry = { kind: "file"; content: string } | { kind: "directory"; entries: string[] } | { kind: "missing" };

/** Files over a key-value area. Writes to one path are serialized so that edits never interleave. */
export class VirtualFileSystem {
  readonly #locks = new Map<string, Promise<unknown>>();

  constructor(private readonly area: KeyValueArea) {}

  /** Reads the file or directory at an absolute, normalized path. */
  async stat(path: string): Promise<Entry> {
    const value = await this.area.get(PREFIX + path);
    if (isFileRecord(value)) return { kind: "file", content: value.content };
    const entries = await this.#children(path);
    return entries.length > 0 || path === "/" ? { kind: "directory", entries } : { kind: "missing" };
  }

  /** Writes a file (its parent directories exist implicitly). */
  async write(path: string, content: string): Promise<void> {
    await this.area.set(PREFIX + path, { content } satisfies FileRecord);
  }

  /** Runs `body` with the path locked against other writers in this session. */
  async withLock<T>(path: string, body: () => Promise<T>): Promise<T> {
    const previous = this.#locks.get(path) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(body);
    this.#locks.set(path, next);
    try {
      return await next;
    } finally {
      if (this.#locks.get(path) === next) this.#locks.delete(path);
    }
  }

  async #children(path: string): Promise<string[]> {
    const base = path === "/" ? "/" : `${path}/`;
    const names = new Set<string>();
    for (const key of Object.keys(await this.area.list())) {
      if (!key.startsWith(PREFIX + base)) continue;
      const rest = key.slice(PREFIX.length + base.length);
      const slash = rest.indexOf("/");
      names.add(slash < 0 ? rest : `${rest.slice(0, slash)}/`);
    }
    return [...names].sort();
  }
}

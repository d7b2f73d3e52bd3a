/**
 * A Workers KV test double that keeps every version of every key, so a test can also read it the
 * way an eventually consistent KV location may: each key, for each read, at some older version.
 */
import type { KvNamespaceLike } from "../../../src/storage/index.ts";

interface Version {
  readonly value: string | null;
  readonly metadata: unknown;
}

/** An in-memory KV namespace with per-key version history. */
export class MemoryKv implements KvNamespaceLike {
  readonly #versions = new Map<string, Version[]>();
  readonly #pageSize: number;
  writes = 0;

  /** @param pageSize keys per `list` page, small in tests to exercise cursors. */
  constructor(pageSize = 1000) {
    this.#pageSize = pageSize;
  }

  async get(key: string, _type: "text"): Promise<string | null> {
    return this.#versions.get(key)?.at(-1)?.value ?? null;
  }

  async put(key: string, value: string, options?: { metadata?: unknown }): Promise<void> {
    this.writes += 1;
    this.#record(key, { value, metadata: options?.metadata ?? null });
  }

  async delete(key: string): Promise<void> {
    this.writes += 1;
    this.#record(key, { value: null, metadata: null });
  }

  async list<Metadata = unknown>(options?: { prefix?: string | null; cursor?: string | null }) {
    return this.#page<Metadata>(options, (versions) => versions.at(-1));
  }

  /** How many times each key was written, to check the one-write-per-key rule. */
  writesPerKey(): Map<string, number> {
    return new Map([...this.#versions].map(([key, versions]) => [key, versions.length]));
  }

  /**
   * A reader at a lagging location: every `get` and every key of every `list` shows a version
   * chosen by `pick` among the key's history (including "not there yet").
   */
  laggingReader(pick: (choices: number) => number): KvNamespaceLike {
    const versionOf = (versions: Version[]): Version | undefined => {
      const index = pick(versions.length + 1) - 1;
      return index < 0 ? undefined : versions[index];
    };
    return {
      get: async (key) => {
        const versions = this.#versions.get(key);
        return versions === undefined ? null : (versionOf(versions)?.value ?? null);
      },
      list: async <Metadata = unknown>(options?: { prefix?: string | null; cursor?: string | null }) =>
        this.#page<Metadata>(options, versionOf),
      put: async () => {
        throw new Error("a lagging reader does not write");
      },
      delete: async () => {
        throw new Error("a lagging reader does not write");
      },
    };
  }

  #record(key: string, version: Version): void {
    const versions = this.#versions.get(key) ?? [];
    versions.push(version);
    this.#versions.set(key, versions);
  }

  #page<Metadata>(
    options: { prefix?: string | null; cursor?: string | null } | undefined,
    choose: (versions: Version[]) => Version | undefined,
  ) {
    const prefix = options?.prefix ?? "";
    const names = [...this.#versions.keys()]
      .filter((name) => name.startsWith(prefix))
      .sort()
      .flatMap((name) => {
        const version = choose(this.#versions.get(name) ?? []);
        return version === undefined || version.value === null
          ? []
          : [{ name, metadata: version.metadata as Metadata }];
      });
    const start = options?.cursor ? Number(options.cursor) : 0;
    const keys = names.slice(start, start + this.#pageSize);
    const end = start + keys.length;
    return Promise.resolve(
      end >= names.length ? { keys, list_complete: true } : { keys, list_complete: false, cursor: String(end) },
    );
  }
}

/**
 * How the Workers KV store lays a session out in keys, and the structural type of the namespace.
 *
 * ```
 * <prefix>/<session>/meta                          {v, createdAt, updatedAt, generation, title?}
 * <prefix>/<session>/m/<generation:6>/<seq:10>     {v, at, message}   (metadata {at, title?})
 * <prefix>/<session>/v/<encoded key>              JSON value
 * ```
 *
 * Every message key is written once and never rewritten: KV allows one write per second per key,
 * and a key that is never rewritten can never be read stale. `replace` and `clear` write a new
 * generation and then switch `meta` to it, so a reader sees the old history or the new one, never
 * a mix. The numbers are zero-padded so that KV's lexicographic listing is numeric order.
 */
import { KernelError } from "../errors.ts";

/** The part of a Workers KV namespace (`env.ARCHIVE`) the store uses. */
export interface KvNamespaceLike {
  get(key: string, type: "text"): Promise<string | null>;
  put(key: string, value: string, options?: { metadata?: unknown }): Promise<void>;
  delete(key: string): Promise<void>;
  list<Metadata = unknown>(options?: {
    prefix?: string | null;
    cursor?: string | null;
  }): Promise<{ keys: { name: string; metadata?: Metadata }[]; list_complete: boolean; cursor?: string }>;
}

/** The record version this code writes into KV values; older ones are upgraded on read. */
export const KV_SCHEMA_VERSION = 1;

/** The session's meta record, also kept as the meta key's KV metadata so listing needs no reads. */
export interface KvMeta {
  v: number;
  createdAt: number;
  updatedAt: number;
  generation: number;
  title?: string;
}

/** A message key's KV metadata. */
export interface KvMessageMetadata {
  at: number;
  title?: string;
}

/** Key names under one prefix. */
export class KvLayout {
  readonly root: string;

  constructor(prefix: string) {
    if (prefix.length === 0 || prefix.length > 64 || prefix.endsWith("/")) {
      throw new KernelError("invalid_argument", `KV prefix "${prefix}" must be 1-64 characters, not ending in /`, {
        issues: [{ path: ["prefix"], message: "must be 1-64 characters, not ending in /", code: "invalid_format" }],
      });
    }
    this.root = `${prefix}/`;
  }

  session(sessionId: string): string {
    return `${this.root}${sessionId}/`;
  }

  meta(sessionId: string): string {
    return `${this.session(sessionId)}meta`;
  }

  messages(sessionId: string): string {
    return `${this.session(sessionId)}m/`;
  }

  generation(sessionId: string, generation: number): string {
    return `${this.messages(sessionId)}${pad(generation, 6)}/`;
  }

  message(sessionId: string, generation: number, seq: number): string {
    return `${this.generation(sessionId, generation)}${pad(seq, 10)}`;
  }

  values(sessionId: string): string {
    return `${this.session(sessionId)}v/`;
  }

  value(sessionId: string, key: string): string {
    return `${this.values(sessionId)}${encodeURIComponent(key)}`;
  }

  /** Splits a key listed under the root into its session and the rest, e.g. `["s1", "m/000001/0000000003"]`. */
  parse(name: string): { sessionId: string; rest: string } | undefined {
    if (!name.startsWith(this.root)) return undefined;
    const tail = name.slice(this.root.length);
    const slash = tail.indexOf("/");
    return slash <= 0 ? undefined : { sessionId: tail.slice(0, slash), rest: tail.slice(slash + 1) };
  }
}

/** Parses `m/<generation>/<seq>`. */
export function parseMessageKey(rest: string): { generation: number; seq: number } | undefined {
  const match = /^m\/(\d{6})\/(\d{10})$/.exec(rest);
  return match === null ? undefined : { generation: Number(match[1]), seq: Number(match[2]) };
}

/** How many messages are there without a hole, counting from 1: a reader never sees past a gap. */
export function contiguousCount(seqs: Iterable<number>): number {
  const present = new Set(seqs);
  let count = 0;
  while (present.has(count + 1)) count += 1;
  return count;
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, "0");
}

/**
 * Reading Workers KV records back: the writer's view of a session, version checks, and batched
 * calls (see `kv-store.ts`).
 */
import type { Message } from "../models/index.ts";
import { contiguousCount, KV_SCHEMA_VERSION, type KvMessageMetadata, type KvMeta } from "./kv-layout.ts";
import type { StoredMessage } from "./message-store.ts";
import { newerSchemaError } from "./migrations.ts";
import { decodeJson } from "./records.ts";

/** What the writer knows about a session. */
export interface KvState {
  meta: KvMeta;
  count: number;
  lastAt: number;
  autoTitle: string | undefined;
}

/** KV calls in flight at once. */
export const BATCH = 8;

/** Refuses a meta record a newer version wrote. */
export function checkMeta(meta: KvMeta): KvMeta {
  if (typeof meta?.v === "number" && meta.v > KV_SCHEMA_VERSION) {
    throw newerSchemaError("kv", meta.v, KV_SCHEMA_VERSION);
  }
  return meta;
}

/** The session as its meta and its current generation's listed keys show it: the gap-free run from 1. */
export function stateFrom(meta: KvMeta, messages: { seq: number; data: KvMessageMetadata }[]): KvState {
  const count = contiguousCount(messages.map((message) => message.seq));
  const visible = messages.filter((message) => message.seq <= count).sort((left, right) => left.seq - right.seq);
  return {
    meta,
    count,
    lastAt: Math.max(meta.updatedAt, ...visible.map((message) => message.data.at)),
    autoTitle: visible.find((message) => message.data.title !== undefined)?.data.title,
  };
}

/** Decodes a message value, refusing one a newer version wrote. */
export function decodeMessage(text: string, seq: number, sessionId: string): StoredMessage {
  const record = decodeJson(text, `message ${seq} of session "${sessionId}"`) as {
    v: number;
    at: number;
    message: Message;
  };
  if (record.v > KV_SCHEMA_VERSION) throw newerSchemaError("kv", record.v, KV_SCHEMA_VERSION);
  return { seq, at: record.at, message: record.message };
}

/** Maps `items` with at most {@link BATCH} calls in flight (KV limits concurrent subrequests). */
export async function inBatches<Item, Result>(
  items: readonly Item[],
  call: (item: Item, index: number) => Promise<Result>,
): Promise<Result[]> {
  const results: Result[] = [];
  for (let start = 0; start < items.length; start += BATCH) {
    const batch = items.slice(start, start + BATCH);
    results.push(...(await Promise.all(batch.map((item, offset) => call(item, start + offset)))));
  }
  return results;
}

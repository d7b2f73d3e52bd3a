/**
 * Moving a session between stores, e.g. from its Durable Object (live, strongly consistent) to
 * Workers KV (the archive, read anywhere) when it finishes; see docs/storage.md.
 */
import { KernelError } from "../errors.ts";
import type { MessageStore, StoreCallOptions } from "./message-store.ts";

/** What {@link copySession} copied. */
export interface CopiedSession {
  readonly messageCount: number;
  readonly valueCount: number;
}

/**
 * Copies a session's history, title and values from `source` to `target`, replacing whatever
 * `target` had. The history is written with one `replace`, so a KV reader sees the old copy or the
 * new one, never a mix. The source is left as it is: delete it once the copy resolved.
 *
 * @throws KernelError `invalid_argument` when the source has no such session; `storage_failed`
 *   when a read or write fails (the target then keeps its previous history).
 * @example
 * await copySession(createDurableObjectStore(ctx.storage), createKvStore(env.ARCHIVE), sessionId);
 */
export async function copySession(
  source: MessageStore,
  target: MessageStore,
  sessionId: string,
  options: StoreCallOptions = {},
): Promise<CopiedSession> {
  const info = await source.getSession(sessionId, options);
  if (info === undefined) {
    throw new KernelError("invalid_argument", `copySession: the ${source.kind} store has no session "${sessionId}"`, {
      issues: [
        { path: ["sessionId"], message: `no session "${sessionId}" in the ${source.kind} store`, code: "not_found" },
      ],
    });
  }
  const messages = (await source.load(sessionId, options)).map((record) => record.message);
  const values = await source.listValues(sessionId, options);
  for (const [key, value] of Object.entries(values)) await target.setValue(sessionId, key, value, options);
  await target.replace(sessionId, messages, options);
  if (info.title !== undefined && info.title !== (await target.getSession(sessionId, options))?.title) {
    await target.setTitle(sessionId, info.title, options);
  }
  return { messageCount: messages.length, valueCount: Object.keys(values).length };
}

/**
 * What the worker keeps beside a session's history, in the store's key-value area: the plan as
 * the page gave it (before `${NAME}` substitution, so no secret is in it) and, only when the page
 * asked, the env. Also export and import of a whole session as JSON.
 */
import { z } from "zod";
import { describeError, KernelError } from "../../src/errors.ts";
import { issuesError, parseOrThrow } from "../../src/issues.ts";
import { messageSchema } from "../../src/models/index.ts";
import type { MessageStore } from "../../src/storage/message-store.ts";
import type { SessionExport } from "./client-types.ts";

/** Key of the plan the session was created with. */
export const PLAN_KEY = "web:plan";
/** Key of the env the page asked to remember. */
export const ENV_KEY = "web:env";
/** Key of the turn running now: written when it starts, deleted when it ends (see {@link takeCutTurn}). */
export const TURN_KEY = "web:turn";
/** Keys the worker owns; they never leave in an export. */
const RESERVED_PREFIX = "web:";

const envSchema = z.record(z.string(), z.string());

/** The stored plan and remembered env of a session. */
export interface StoredPlan {
  readonly plan: string | object;
  readonly env: Readonly<Record<string, string>> | undefined;
}

/** Stores the plan (and the env, when asked) of a new session. */
export async function savePlan(
  store: MessageStore,
  sessionId: string,
  plan: string | object,
  env: Readonly<Record<string, string>> | undefined,
): Promise<void> {
  await store.setValue(sessionId, PLAN_KEY, plan);
  await saveEnv(store, sessionId, env);
}

/** Remembers an env, or forgets it when `env` is undefined. */
export async function saveEnv(
  store: MessageStore,
  sessionId: string,
  env: Readonly<Record<string, string>> | undefined,
): Promise<void> {
  if (env === undefined) await store.deleteValue(sessionId, ENV_KEY);
  else await store.setValue(sessionId, ENV_KEY, { ...env });
}

/** A turn that was running when its worker stopped (the page reloaded or closed). */
export interface CutTurn {
  readonly prompt: string;
  /** ISO time the turn started. */
  readonly started_at: string;
}

const cutTurnSchema = z.object({ prompt: z.string(), started_at: z.string() });

/** Notes that a turn of `prompt` runs, so that a worker that stops before its end leaves word of it. */
export async function markTurnRunning(store: MessageStore, sessionId: string, turn: CutTurn): Promise<void> {
  await store.setValue(sessionId, TURN_KEY, { ...turn });
}

/** The turn ended (whatever its outcome): nothing to report. */
export async function markTurnEnded(store: MessageStore, sessionId: string): Promise<void> {
  await store.deleteValue(sessionId, TURN_KEY);
}

/** The turn a stopped worker left running, once (the note is deleted), or undefined. */
export async function takeCutTurn(store: MessageStore, sessionId: string): Promise<CutTurn | undefined> {
  const note = cutTurnSchema.safeParse(await store.getValue(sessionId, TURN_KEY));
  await store.deleteValue(sessionId, TURN_KEY);
  return note.success ? note.data : undefined;
}

/** The stored plan of a session, or undefined when it was not created through a web client. */
export async function loadPlan(store: MessageStore, sessionId: string): Promise<StoredPlan | undefined> {
  const plan = await store.getValue(sessionId, PLAN_KEY);
  if (typeof plan !== "string" && (typeof plan !== "object" || plan === null)) return undefined;
  const env = envSchema.safeParse(await store.getValue(sessionId, ENV_KEY));
  return { plan, env: env.success ? env.data : undefined };
}

/**
 * Reads a whole session as JSON data.
 * @throws KernelError `invalid_argument` when the store has no such session.
 */
export async function exportSession(store: MessageStore, sessionId: string, now: () => Date): Promise<SessionExport> {
  const info = await store.getSession(sessionId);
  const values = await store.listValues(sessionId);
  const plan = values[PLAN_KEY] ?? null;
  // A web session that never ran a turn has its plan but no messages yet: it exists all the same.
  if (info === undefined && plan === null) {
    throw new KernelError("invalid_argument", `exportSession: no stored session "${sessionId}"`, {
      issues: [{ path: ["id"], message: `no stored session "${sessionId}"`, code: "not_found" }],
    });
  }
  const exported: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) if (!key.startsWith(RESERVED_PREFIX)) exported[key] = value;
  const messages = (await store.load(sessionId)).map((record) => record.message);
  const at = now().getTime();
  return {
    format: "amplifier-edge/session",
    version: 1,
    session_id: sessionId,
    ...(info?.title === undefined ? {} : { title: info.title }),
    created_at: info?.createdAt ?? at,
    updated_at: info?.updatedAt ?? at,
    plan,
    messages,
    values: exported,
  };
}

/** Whether the store holds anything of the session: messages, a title or a plan. */
export async function sessionExists(store: MessageStore, sessionId: string): Promise<boolean> {
  return (await store.getSession(sessionId)) !== undefined || (await store.getValue(sessionId, PLAN_KEY)) !== undefined;
}

const exportSchema = z.strictObject({
  format: z.literal("amplifier-edge/session"),
  version: z.literal(1),
  session_id: z.string().min(1),
  title: z.string().optional(),
  created_at: z.number(),
  updated_at: z.number(),
  plan: z.union([z.string(), z.record(z.string(), z.unknown()), z.null()]),
  messages: z.array(messageSchema),
  values: z.record(z.string(), z.unknown()),
});

/**
 * Checks an export (an object or its JSON text).
 * @throws KernelError `invalid_argument` naming the path of each problem.
 */
export function parseExport(input: unknown): z.output<typeof exportSchema> {
  let value = input;
  if (typeof input === "string") {
    try {
      value = JSON.parse(input);
    } catch (error) {
      const issue = { path: [], message: `not JSON (${describeError(error)})`, code: "invalid_json" };
      throw issuesError("invalid_argument", "Invalid session export", [issue], { cause: error });
    }
  }
  return parseOrThrow(exportSchema, value, { code: "invalid_argument", subject: "Invalid session export" });
}

/**
 * Writes an export under `sessionId` (which must be free): messages, values, plan and title.
 * Values under the worker's own keys are ignored, so an import cannot plant an env.
 */
export async function importSession(
  store: MessageStore,
  sessionId: string,
  exported: z.output<typeof exportSchema>,
): Promise<void> {
  await store.replace(sessionId, exported.messages);
  if (exported.title !== undefined) await store.setTitle(sessionId, exported.title);
  for (const [key, value] of Object.entries(exported.values)) {
    if (!key.startsWith(RESERVED_PREFIX)) await store.setValue(sessionId, key, value);
  }
  if (exported.plan !== null) await store.setValue(sessionId, PLAN_KEY, exported.plan);
}

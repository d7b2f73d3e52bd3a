/**
 * The durable record of a session's turns and of every event they streamed, in the Durable
 * Object's SQLite store: what lets a client that lost its stream resume it (`Last-Event-ID`), a
 * retried POST join the turn its idempotency key names, and a turn cut off by a restart of the
 * object be reported as interrupted rather than lost. Every call is synchronous (the SQL API), so
 * reading the log and following it live can never miss or repeat an event.
 *
 * Event ids grow across the whole session (SQLite AUTOINCREMENT never reuses one, even after
 * deletes). Old turns expire by count: when a turn is created, finished turns beyond the newest
 * `retainedTurns` are deleted with their events and their idempotency keys.
 */

/** A turn as the log knows it. */
export interface TurnRecord {
  readonly turnId: string;
  readonly idempotencyKey: string | null;
  /** SHA-256 (hex) of the prompt, so a reused key with another prompt is refused. */
  readonly promptDigest: string;
  readonly status: TurnStatus;
}

/** Where a turn is: waiting behind another, running, or ended (`done`, `failed`, `interrupted`). */
export type TurnStatus = "queued" | "running" | "done" | "failed" | "interrupted";

/** One logged event: its id in the session, its turn, its name and its data as one line of JSON. */
export interface LoggedEvent {
  readonly id: number;
  readonly turnId: string;
  readonly name: string;
  readonly data: string;
}

/** The events that end a turn's stream. */
export const FINAL_EVENTS: ReadonlySet<string> = new Set(["result", "error"]);

/** The most bytes of JSON one event keeps; a larger payload is replaced by a note of its size. */
export const MAX_EVENT_BYTES = 1024 * 1024;

type Row = Record<string, SqlStorageValue>;

const TURNS = "service_turns";
const EVENTS = "service_events";
const META = "service_meta";
const EXPIRED_THROUGH = "expired_through";

/** A session's turns and events in its object's SQLite store. */
export class TurnLog {
  readonly #sql: SqlStorage;
  readonly #retainedTurns: number;
  #ready = false;

  constructor(sql: SqlStorage, options: { readonly retainedTurns: number }) {
    this.#sql = sql;
    this.#retainedTurns = Math.max(1, options.retainedTurns);
  }

  /**
   * Ends every turn a previous instance of the object left queued or running (it was reset: an
   * eviction, a deploy, an exceeded limit) with an `error` event `turn_interrupted`. Call once,
   * before this instance starts a turn of its own. Returns the ids of the turns it ended.
   */
  interruptUnfinished(): string[] {
    if (!this.#exists()) return [];
    const unfinished = this.#rows(
      `SELECT turn_id, status FROM ${TURNS} WHERE status IN ('queued', 'running') ORDER BY number`,
    );
    return unfinished.map((row) => {
      const turnId = String(row.turn_id);
      const started = row.status === "running";
      this.finish(turnId, "interrupted", "error", {
        code: "turn_interrupted",
        message: started
          ? "The turn was cut off: the session's Durable Object restarted (an eviction, a deploy or an exceeded limit). What it stored is kept; the next turn repairs it."
          : "The turn never started: the session's Durable Object restarted while it waited. Send the prompt again.",
      });
      return turnId;
    });
  }

  /** The turn an idempotency key names, if the log still has it. */
  turnByKey(idempotencyKey: string): TurnRecord | undefined {
    if (!this.#exists()) return undefined;
    const [row] = this.#rows(
      `SELECT turn_id, idempotency_key, prompt_digest, status FROM ${TURNS} WHERE idempotency_key = ?`,
      idempotencyKey,
    );
    return row === undefined ? undefined : recordOf(row);
  }

  /** The turn `turnId` (which must be in the log). */
  turnByIdOrThrow(turnId: string): TurnRecord {
    const [row] = this.#rows(
      `SELECT turn_id, idempotency_key, prompt_digest, status FROM ${TURNS} WHERE turn_id = ?`,
      turnId,
    );
    if (row === undefined) throw new Error(`turn ${turnId} is not in the log`);
    return recordOf(row);
  }

  /** The newest turn that has not ended, if any. */
  unfinishedTurn(): TurnRecord | undefined {
    if (!this.#exists()) return undefined;
    const [row] = this.#rows(
      `SELECT turn_id, idempotency_key, prompt_digest, status FROM ${TURNS}
       WHERE status IN ('queued', 'running') ORDER BY number DESC LIMIT 1`,
    );
    return row === undefined ? undefined : recordOf(row);
  }

  /** How many turns are queued or running. */
  unfinishedCount(): number {
    if (!this.#exists()) return 0;
    const [row] = this.#rows(`SELECT count(*) AS count FROM ${TURNS} WHERE status IN ('queued', 'running')`);
    return Number(row?.count ?? 0);
  }

  /** Records a new queued turn, then lets the oldest finished turns expire. */
  create(turnId: string, idempotencyKey: string | undefined, promptDigest: string): void {
    this.#ensureSchema();
    this.#sql.exec(
      `INSERT INTO ${TURNS} (turn_id, idempotency_key, prompt_digest, status) VALUES (?, ?, ?, 'queued')`,
      turnId,
      idempotencyKey ?? null,
      promptDigest,
    );
    this.#expireOldTurns();
  }

  /** Marks the turn running. */
  start(turnId: string): void {
    this.#sql.exec(`UPDATE ${TURNS} SET status = 'running' WHERE turn_id = ?`, turnId);
  }

  /** Appends one event of `turnId` and returns it as logged. */
  append(turnId: string, name: string, json: string): LoggedEvent {
    // A JS string's UTF-8 size is at most 3 bytes per UTF-16 unit: most events need no encoding to be measured.
    const bytes = json.length * 3 <= MAX_EVENT_BYTES ? 0 : new TextEncoder().encode(json).byteLength;
    const data = bytes > MAX_EVENT_BYTES ? JSON.stringify({ truncated: true, bytes }) : json;
    const [row] = this.#rows(
      `INSERT INTO ${EVENTS} (turn_id, name, data) VALUES (?, ?, ?) RETURNING id`,
      turnId,
      name,
      data,
    );
    return { id: Number(row?.id), turnId, name, data };
  }

  /** Appends the turn's final event (`result` or `error`) and records how it ended, together. */
  finish(turnId: string, status: Exclude<TurnStatus, "queued" | "running">, name: string, data: unknown): LoggedEvent {
    this.#sql.exec(`UPDATE ${TURNS} SET status = ? WHERE turn_id = ?`, status, turnId);
    return this.append(turnId, name, JSON.stringify(data));
  }

  /** Events after `afterId`, in order: of one turn, or of the whole session. */
  eventsAfter(afterId: number, turnId?: string): LoggedEvent[] {
    if (!this.#exists()) return [];
    const rows =
      turnId === undefined
        ? this.#rows(`SELECT id, turn_id, name, data FROM ${EVENTS} WHERE id > ? ORDER BY id`, afterId)
        : this.#rows(
            `SELECT id, turn_id, name, data FROM ${EVENTS} WHERE id > ? AND turn_id = ? ORDER BY id`,
            afterId,
            turnId,
          );
    return rows.map((row) => ({
      id: Number(row.id),
      turnId: String(row.turn_id),
      name: String(row.name),
      data: String(row.data),
    }));
  }

  /** The id of the last event that expired (0 when none has): a client behind it cannot resume. */
  expiredThrough(): number {
    if (!this.#exists()) return 0;
    const [row] = this.#rows(`SELECT value FROM ${META} WHERE key = ?`, EXPIRED_THROUGH);
    return Number(row?.value ?? 0);
  }

  /** The id of the newest event (0 before the first). */
  lastEventId(): number {
    if (!this.#exists()) return 0;
    const [row] = this.#rows(`SELECT max(id) AS id FROM ${EVENTS}`);
    return Number(row?.id ?? 0);
  }

  /** Forgets the schema check (the object's storage was deleted). */
  reset(): void {
    this.#ready = false;
  }

  #expireOldTurns(): void {
    const expired = this.#rows(
      `SELECT turn_id FROM ${TURNS} WHERE status NOT IN ('queued', 'running')
       AND number <= (SELECT max(number) FROM ${TURNS}) - ?`,
      this.#retainedTurns,
    );
    if (expired.length === 0) return;
    let through = this.expiredThrough();
    for (const { turn_id: turnId } of expired) {
      const [last] = this.#rows(`SELECT max(id) AS id FROM ${EVENTS} WHERE turn_id = ?`, turnId ?? null);
      through = Math.max(through, Number(last?.id ?? 0));
      this.#sql.exec(`DELETE FROM ${EVENTS} WHERE turn_id = ?`, turnId ?? null);
      this.#sql.exec(`DELETE FROM ${TURNS} WHERE turn_id = ?`, turnId ?? null);
    }
    this.#sql.exec(
      `INSERT INTO ${META} (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
      EXPIRED_THROUGH,
      through,
    );
  }

  #rows(query: string, ...bindings: SqlStorageValue[]): Row[] {
    return this.#sql.exec<Row>(query, ...bindings).toArray();
  }

  /** True once the tables exist (an object that never ran a turn stores nothing). */
  #exists(): boolean {
    if (this.#ready) return true;
    const [row] = this.#rows(`SELECT count(*) AS count FROM sqlite_master WHERE type = 'table' AND name = ?`, TURNS);
    this.#ready = Number(row?.count ?? 0) > 0;
    return this.#ready;
  }

  #ensureSchema(): void {
    if (this.#exists()) return;
    this.#sql.exec(`CREATE TABLE IF NOT EXISTS ${TURNS} (
      number INTEGER PRIMARY KEY AUTOINCREMENT,
      turn_id TEXT NOT NULL UNIQUE,
      idempotency_key TEXT UNIQUE,
      prompt_digest TEXT NOT NULL,
      status TEXT NOT NULL
    )`);
    this.#sql.exec(`CREATE TABLE IF NOT EXISTS ${EVENTS} (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      turn_id TEXT NOT NULL,
      name TEXT NOT NULL,
      data TEXT NOT NULL
    )`);
    this.#sql.exec(`CREATE INDEX IF NOT EXISTS ${EVENTS}_turn ON ${EVENTS} (turn_id, id)`);
    this.#sql.exec(`CREATE TABLE IF NOT EXISTS ${META} (key TEXT PRIMARY KEY, value INTEGER NOT NULL)`);
    this.#ready = true;
  }
}

function recordOf(row: Row): TurnRecord {
  return {
    turnId: String(row.turn_id),
    idempotencyKey: row.idempotency_key === null ? null : String(row.idempotency_key),
    promptDigest: String(row.prompt_digest),
    status: String(row.status) as TurnStatus,
  };
}

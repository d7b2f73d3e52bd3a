/**
 * The Cloudflare Worker: an HTTP API in front of one Durable Object per session.
 */
import { DurableObject } from "cloudflare:workers";
import { evaluateModuleDefault } from "../../sandbox/evaluate.ts";
import { loadQuickJSWasm } from "./quickjs-wasm.ts";

export interface Env {
  ARCHIVE: KVNamespace;
  SESSIONS: DurableObjectNamespace<SessionObject>;
  AMPLIFIER_EDGE_TOKEN?: string;
}

/** One Durable Object per session: the strongly consistent home of its history. */
export class SessionObject extends DurableObject<Env> {
  /** Appends a message to the SQLite-backed history and returns its sequence number. */
  async append(message: unknown): Promise<number> {
    this.ctx.storage.sql.exec(
      "CREATE TABLE IF NOT EXISTS messages (seq INTEGER PRIMARY KEY AUTOINCREMENT, body TEXT NOT NULL)",
    );
    const row = this.ctx.storage.sql
      .exec<{ seq: number }>("INSERT INTO messages (body) VALUES (?) RETURNING seq", JSON.stringify(message))
      .one();
    return row.seq;
  }

  /** The stored history, in order. */
  async messages(): Promise<unknown[]> {
    this.ctx.storage.sql.exec(
      "CREATE TABLE IF NOT EXISTS messages (seq INTEGER PRIMARY KEY AUTOINCREMENT, body TEXT NOT NULL)",
    );
    return this.ctx.storage.sql
      .exec<{ body: string }>("SELECT body FROM messages ORDER BY seq")
      .toArray()
      .map((row) => JSON.parse(row.body) as unknown);
  }
}

export default {
  async fetch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname === "/health") {
      const answer = await evaluateModuleDefault(await loadQuickJSWasm(), "export default 6 * 7;");
      return Response.json({ ok: true, quickjs: answer });
    }
    return Response.json({ error: { code: "not_found", message: `no route for ${url.pathname}` } }, { status: 404 });
  },
} satisfies ExportedHandler<Env>;
